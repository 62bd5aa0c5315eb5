/**
 * Small HTML helpers. Every piece of review text goes through escapeHtml (or
 * jsonForScript inside <script>), so the planted hostile review is shown as
 * text and an extractor gets the literal `<script>` characters back.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON for a <script type="application/ld+json"> block: `<` `>` `&` and every
 * non-ASCII character become \u escapes, so the text can neither close the
 * script element nor be garbled when the page is served in another charset.
 */
export function jsonForScript(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "January 27, 2022" (UTC), as review sites print review dates. */
export function longDate(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Dec 18, 2021" (UTC), the short form used for dealer responses. */
export function shortDate(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** DealerRater-style star class: 4.8 → "rating-48", 5 → "rating-50". */
export function ratingClass(rating: number): string {
  return `rating-${Math.round(rating * 10)}`;
}

/** "2,200" */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

export function stars(rating: number): string {
  const full = Math.round(rating);
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}

/** Mean rating with one decimal, as shown in page headers; null for no reviews. */
export function average(ratings: readonly number[]): number | null {
  if (!ratings.length) return null;
  let sum = 0;
  for (const r of ratings) sum += r;
  return Math.round((sum / ratings.length) * 10) / 10;
}

/** ASCII slug for URLs: `Rafael "Rafa" Quintero` → "Rafael-Rafa-Quintero", "Peña" → "Pena". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface PageShell {
  title: string;
  canonical: string;
  prev?: string | null;
  next?: string | null;
  head?: string;
  body: string;
  lang?: string;
}

export function page(shell: PageShell): string {
  const links = [
    `<link rel="canonical" href="${escapeHtml(shell.canonical)}">`,
    shell.prev ? `<link rel="prev" href="${escapeHtml(shell.prev)}">` : '',
    shell.next ? `<link rel="next" href="${escapeHtml(shell.next)}">` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${shell.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shell.title)}</title>
${links}
${shell.head ?? ''}
</head>
<body>
${shell.body}
</body>
</html>
`;
}
