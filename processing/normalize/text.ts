/**
 * Text clean-up shared by fingerprints and storage. `normaliseForMatch` is
 * deliberately lossy (it only feeds hashes); `cleanReviewText` keeps what a
 * person would read.
 */

/** Trims, unifies line endings and collapses runs of spaces/blank lines. */
export function cleanReviewText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const cleaned = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned === '' ? null : cleaned;
}

/** Case-, accent-form-, punctuation- and whitespace-insensitive form of a text, for hashing. */
export function normaliseForMatch(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
