/**
 * Realistic review pages for the crawl benchmark: a business with schema.org
 * JSON-LD (what the schema-org adapter reads), 20 reviews per page with the
 * visible markup around them, site chrome, and a rel=next link. ~40 KB each,
 * like a real review listing.
 */
const words =
  'the staff was friendly and helpful when we bought our new car financing took longer than expected but the salesperson explained everything clearly service department fixed the noise quickly would recommend to friends and family price was fair no pressure at all waiting room clean coffee good'.split(
    ' ',
  );
const names = ['Maria Lopez', 'John Smith', 'Aisha Khan', 'Wei Chen', 'Olga Petrova', 'Liam Murphy', 'Sofia Rossi', 'Noah Brown', 'Emma Dubois', 'Yuki Sato'];

function rand(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
}

function sentence(r: () => number, n: number): string {
  return Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join(' ');
}

/** Pages per chain: HTTP targets (/t/), and browser ones (/r/), short because a rendered page costs a browser far more. */
export const PAGES_PER_TARGET = 20;
export const BROWSER_PAGES_PER_TARGET = 5;

export interface BenchPageParams {
  target: number;
  page: number;
  pages: number;
  perPage?: number;
  basePath: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderBenchPage(p: BenchPageParams): string {
  const perPage = p.perPage ?? 20;
  const r = rand(p.target * 100_003 + p.page);
  const reviews = Array.from({ length: perPage }, (_, i) => {
    const n = (p.page - 1) * perPage + i;
    const day = new Date(Date.UTC(2026, 10, 1) - n * 43_200_000).toISOString().slice(0, 10);
    return {
      id: `b${p.target}-${n}`,
      author: names[Math.floor(r() * names.length)]!,
      rating: 1 + Math.floor(r() * 5),
      title: sentence(r, 4),
      text: `${sentence(r, 25 + Math.floor(r() * 40))}.`,
      date: day,
    };
  });
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'AutoDealer',
    name: `Bench Motors ${p.target}`,
    aggregateRating: { '@type': 'AggregateRating', ratingValue: 4.3, reviewCount: p.pages * perPage, bestRating: 5 },
    review: reviews.map((v) => ({
      '@type': 'Review',
      '@id': v.id,
      author: { '@type': 'Person', name: v.author },
      datePublished: v.date,
      name: v.title,
      reviewBody: v.text,
      reviewRating: { '@type': 'Rating', ratingValue: v.rating, bestRating: 5 },
    })),
  };
  const next = p.page < p.pages ? `${p.basePath}?page=${p.page + 1}` : null;
  const nav = Array.from({ length: 40 }, (_, i) => `<li><a href="/category/${i}">Category ${i}</a></li>`).join('');
  const cards = reviews
    .map(
      (v) => `<article class="review-card" data-review-id="${v.id}"><header><span class="author">${esc(v.author)}</span>
<span class="stars" aria-label="${v.rating} stars">${'★'.repeat(v.rating)}${'☆'.repeat(5 - v.rating)}</span><time datetime="${v.date}">${v.date}</time></header>
<h3>${esc(v.title)}</h3><p class="review-body">${esc(v.text)}</p><footer><button>Helpful</button><button>Report</button></footer></article>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bench Motors ${p.target} reviews, page ${p.page}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/site.css">
${next ? `<link rel="next" href="${next}">` : ''}
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<script>window.__CONFIG__ = ${JSON.stringify({ flags: Array.from({ length: 50 }, (_, i) => `flag_${i}`), locale: 'en-US' })};</script>
</head><body><nav><ul>${nav}</ul></nav><main><h1>Bench Motors ${p.target}</h1><section id="reviews">
${cards}
</section>${next ? `<a rel="next" href="${next}">Next page</a>` : ''}</main><footer>${'<p>Terms, privacy, cookies, imprint.</p>'.repeat(20)}</footer></body></html>`;
}
