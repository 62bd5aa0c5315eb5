import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyExtraction, emptyReview, ExtractionError, type BrowseSteps, type PageExtraction, type SourceAdapter } from '../../types';

/**
 * A local single-page app that behaves like a maps-style review panel, for
 * tests of the browser handler's clicks and scrolling: its reviews exist only
 * as JSON it fetches — after the "Reviews" tab is clicked, again when "Newest"
 * is picked in the sort menu (which changes the order the endpoint returns),
 * and one page more each time its list is scrolled to the end. Markup follows
 * what the Google Maps adapter's selectors expect (roles, aria-labels,
 * `data-review-id` cards). `/plain` is a page with none of that: it loads the
 * first page of reviews on its own.
 */
export interface AppReview {
  id: string;
  author: string;
  rating: number;
  date: string;
}

export interface ScrollApp {
  url(path?: string): string;
  /** `sort:page` of every data request, in order. */
  apiHits: string[];
  /** Replace the reviews the endpoint serves. */
  setReviews(reviews: AppReview[]): void;
  /** Data requests for this page number and later never get an answer (null: all answered). */
  hangFrom(page: number | null): void;
  close(): Promise<void>;
}

export const PER_PAGE = 3;

/** Newest first by date; "relevant" is a fixed shuffle, so a test can tell which sort the data came in. */
function ordered(reviews: AppReview[], sort: string): AppReview[] {
  const newest = [...reviews].sort((a, b) => b.date.localeCompare(a.date));
  if (sort === 'newest') return newest;
  return [...newest.filter((_, i) => i % 2 === 1), ...newest.filter((_, i) => i % 2 === 0)];
}

const appPage = `<!doctype html><html><head><meta charset="utf-8"><title>Test Place</title>
<style>body{margin:0} .pane{height:300px;overflow-y:auto} .card{height:150px;border-bottom:1px solid #ccc}</style></head><body>
<div role="tablist"><button role="tab" aria-label="Overview">Overview</button><button role="tab" aria-label="Reviews for Test Place" id="tab">Reviews</button></div>
<div id="panel" hidden>
  <button aria-label="Sort reviews" id="sort">Sort</button>
  <div role="menu" id="menu" hidden>
    <div role="menuitemradio" data-sort="relevant">Most relevant</div>
    <div role="menuitemradio" data-sort="newest">Newest</div>
    <div role="menuitemradio" data-sort="highest">Highest rating</div>
  </div>
  <div class="pane" id="pane"><div id="list"></div></div>
</div>
<script>
let sort = 'relevant', next = 1, loading = false, generation = 0;
function load() {
  if (loading || next === null) return;
  loading = true;
  const gen = generation;
  fetch('/api/reviews?sort=' + sort + '&page=' + next).then((r) => r.json()).then((data) => {
    if (gen !== generation) return;
    for (const r of data.reviews) {
      const card = document.createElement('div');
      card.className = 'card';
      card.dataset.reviewId = r.id;
      card.textContent = r.author + ' ' + r.date;
      document.getElementById('list').appendChild(card);
    }
    next = data.next;
  }).finally(() => { if (gen === generation) loading = false; });
}
document.getElementById('tab').onclick = () => { document.getElementById('panel').hidden = false; load(); };
document.getElementById('sort').onclick = () => { document.getElementById('menu').hidden = false; };
document.getElementById('menu').onclick = (e) => {
  const chosen = e.target.dataset.sort;
  if (!chosen) return;
  document.getElementById('menu').hidden = true;
  sort = chosen; generation++; next = 1; loading = false;
  document.getElementById('list').innerHTML = '';
  load();
};
const pane = document.getElementById('pane');
pane.addEventListener('scroll', () => { if (pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 40) load(); });
</script></body></html>`;

const plainPage = `<!doctype html><html><head><meta charset="utf-8"><title>Plain</title></head><body><ul id="list"></ul>
<script>
fetch('/api/reviews?sort=relevant&page=1').then((r) => r.json()).then((data) => {
  for (const r of data.reviews) {
    const li = document.createElement('li');
    li.textContent = r.author;
    document.getElementById('list').appendChild(li);
  }
});
</script></body></html>`;

export async function startScrollApp(initial: AppReview[]): Promise<ScrollApp> {
  let reviews = initial;
  let hangPage: number | null = null;
  const apiHits: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/api/reviews') {
      const sort = u.searchParams.get('sort') ?? 'relevant';
      const page = Number(u.searchParams.get('page') ?? '1');
      apiHits.push(`${sort}:${page}`);
      if (hangPage !== null && page >= hangPage) return;
      const all = ordered(reviews, sort);
      const body = { sort, page, reviews: all.slice((page - 1) * PER_PAGE, page * PER_PAGE), next: page * PER_PAGE < all.length ? page + 1 : null };
      // A little latency, as a real endpoint has: the scroller must wait for data, not just for the click.
      return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), 60);
    }
    if (u.pathname === '/robots.txt') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(u.pathname === '/plain' ? plainPage : appPage);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path = '/place/test') => base + path,
    apiHits,
    setReviews: (next) => void (reviews = next),
    hangFrom: (page) => void (hangPage = page),
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}

/** `n` reviews g1..gn (ids prefixed, so tests sharing a database do not share reviews), one day apart, gn the newest. */
export function appReviews(n: number, prefix = ''): AppReview[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}g${i + 1}`, author: `Reviewer ${i + 1}`, rating: (i % 5) + 1, date: `2026-09-${String(i + 1).padStart(2, '0')}` }));
}

/**
 * Reads the captured data responses the way the page shows them: a sort change restarts the list, so
 * the list begins at the last page-1 response. Records every full-page extraction (not the engine's
 * caught-up probes, which have no body) in `seen`.
 */
export function createScrollAppAdapter(browse: BrowseSteps, seen: PageExtraction[] = []): SourceAdapter {
  const name = 'custom:scroll-app' as const;
  return {
    name,
    label: 'Scroll app',
    needsBrowser: true,
    browse,
    matches: (url) => url.hostname === '127.0.0.1',
    startUrl: (u) => u,
    extract(page) {
      const pages = (page.captured ?? [])
        .filter((c) => new URL(c.url).pathname === '/api/reviews')
        .map((c) => JSON.parse(c.body) as { page: number; reviews: AppReview[] });
      if (pages.length === 0) throw new ExtractionError('no review data was captured', name, page.url);
      const start = pages.map((p) => p.page).lastIndexOf(1);
      const out = emptyExtraction(name, page.url);
      out.reviews = pages.slice(Math.max(0, start)).flatMap((p) =>
        p.reviews.map((r) => ({
          ...emptyReview(5),
          externalId: r.id,
          rating: r.rating,
          authorName: r.author,
          text: `Review by ${r.author}`,
          publishedAt: { iso: new Date(r.date).toISOString(), precision: 'day' as const },
        })),
      );
      if (page.body) seen.push(out);
      return out;
    },
  };
}
