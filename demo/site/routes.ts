import type { DemoWorld } from '../world/types';
import { companyPage } from './company-page';
import { dealerPage, salesPage, type ListingPage } from './dealer-pages';
import { endlessNext } from './failures';
import { escapeHtml, page } from './html';
import { MAPS_PAGE_SIZE, mapsData, mapsShell } from './maps-page';
import { pageCount, sitePaths, siteView, type ReviewList } from './view';

/** What a route answers, before failure injection and encoding. */
export interface Rendered {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  world: DemoWorld;
  phase: number;
  base: string;
  pageSize: number;
  url: URL;
  /** 'endless-next' is active for this request: the next link loops back to this page. */
  endless: boolean;
}

const HTML = 'text/html; charset=utf-8';

export function notFound(what = 'This page does not exist.'): Rendered {
  return {
    status: 404,
    contentType: HTML,
    body: page({ title: 'Not found', canonical: '/', body: `<h1>Not found</h1><p>${escapeHtml(what)}</p>` }),
  };
}

function redirect(location: string): Rendered {
  return { status: 301, contentType: HTML, body: '', headers: { Location: location } };
}

export const ROBOTS_TXT = `# Demo review site: everything may be crawled except the staff area.
User-agent: *
Disallow: /private/
Allow: /
`;

/** Reads ?page=N; null when present but not a positive integer. */
function queryPage(url: URL): number | null {
  const raw = url.searchParams.get('page');
  if (raw === null) return 1;
  return /^[1-9]\d{0,6}$/.test(raw) ? Number(raw) : null;
}

function listing(ctx: RouteContext, list: ReviewList, pageNumber: number, hrefFor: (n: number) => string): ListingPage | null {
  const pages = pageCount(list.reviews.length, ctx.pageSize);
  if (pageNumber > pages) return null;
  const abs = (path: string) => `${ctx.base}${path}`;
  const here = `${ctx.url.pathname}${ctx.url.search}`;
  return {
    base: ctx.base,
    pageNumber,
    pageSize: ctx.pageSize,
    canonical: abs(hrefFor(pageNumber)),
    prev: pageNumber > 1 ? abs(hrefFor(pageNumber - 1)) : null,
    next: ctx.endless ? endlessNext(abs(here)) : pageNumber < pages ? abs(hrefFor(pageNumber + 1)) : null,
  };
}

function indexPage(ctx: RouteContext): Rendered {
  const { world } = ctx;
  const li = (href: string, label: string) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`;
  const body = `<h1>${escapeHtml(world.company.name)} — demo review site</h1>
<p>Fictional data generated from seed ${world.seed}, as of ${world.asOf.slice(0, 10)}, phase ${ctx.phase}.</p>
<ul>
${li(sitePaths.company(), 'Company reviews (schema.org JSON-LD)')}
${world.locations.map((l) => li(sitePaths.dealer(l), `${l.name} (dealer page)`)).join('\n')}
${world.locations.map((l) => li(sitePaths.maps(l), `${l.name} (map listing, needs JavaScript)`)).join('\n')}
${world.people.filter((p) => p.sells).map((p) => li(sitePaths.sales(p), p.name)).join('\n')}
${li('/private/', 'Staff area')}
</ul>`;
  return { status: 200, contentType: HTML, body: page({ title: `${world.company.name} demo`, canonical: `${ctx.base}/`, body }) };
}

export function route(ctx: RouteContext): Rendered {
  const { world, url } = ctx;
  const path = url.pathname;
  const view = () => siteView(world, ctx.phase);

  if (path === '/') return indexPage(ctx);
  if (path === '/robots.txt') return { status: 200, contentType: 'text/plain; charset=utf-8', body: ROBOTS_TXT };
  if (path === '/private' || path.startsWith('/private/'))
    return { status: 200, contentType: HTML, body: page({ title: 'Staff only', canonical: `${ctx.base}/private/`, body: '<h1>Staff only</h1><p>Crawlers must not be here (robots.txt).</p>' }) };

  if (path === '/company/reviews' || path === '/company/reviews/') {
    const n = queryPage(url);
    const p = n === null ? null : listing(ctx, view().company, n, sitePaths.company);
    return p ? { status: 200, contentType: HTML, body: companyPage(world, view().company, p) } : notFound('No such page of reviews.');
  }

  let m = /^\/dealer\/([a-z0-9._-]+)\/reviews(\/(?:page(\d+)\/?)?)?$/.exec(path);
  if (m) {
    const location = world.locations.find((l) => l.key === m![1]);
    if (!location) return notFound('No such dealer.');
    if (!m[2]) return redirect(`${sitePaths.dealer(location)}${url.search}`);
    if (m[3] !== undefined && !path.endsWith('/')) return redirect(`${path}/${url.search}`);
    const n = m[3] === undefined ? 1 : Number(m[3]);
    const list = view().dealer.get(location.key)!;
    const p = n >= 1 ? listing(ctx, list, n, (k) => sitePaths.dealer(location, k)) : null;
    return p ? { status: 200, contentType: HTML, body: dealerPage(world, location, list, p) } : notFound('No such page of reviews.');
  }

  m = /^\/sales\/([A-Za-z0-9-]+)-review-(\d+)(\/?)$/.exec(path);
  if (m) {
    const person = world.people.find((p) => String(p.siteId) === m![2]);
    if (!person) return notFound('No such employee.');
    if (!m[3]) return redirect(`${path}/${url.search}`);
    const n = queryPage(url);
    const list = view().byPerson.get(person.key)!;
    const p = n === null ? null : listing(ctx, list, n, (k) => sitePaths.sales(person, k));
    return p ? { status: 200, contentType: HTML, body: salesPage(world, person, list, p) } : notFound('No such page of reviews.');
  }

  m = /^\/maps\/([a-z0-9._-]+)(\/data\.json)?\/?$/.exec(path);
  if (m) {
    const location = world.locations.find((l) => l.key === m![1]);
    if (!location) return notFound('No such place.');
    if (!m[2]) return { status: 200, contentType: HTML, body: mapsShell(location, `${ctx.base}${sitePaths.maps(location)}`) };
    const n = queryPage(url);
    const list = view().maps.get(location.key)!;
    if (n === null || (n > 1 && (n - 1) * MAPS_PAGE_SIZE >= list.reviews.length))
      return { status: 404, contentType: 'application/json; charset=utf-8', body: '{"error":"no such page"}' };
    return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(mapsData(location, list, n)) };
  }
  return notFound();
}
