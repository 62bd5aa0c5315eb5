import { createHash } from 'node:crypto';
import type { ExtractedDate } from '../../crawlers/types';
import { normaliseForMatch } from './text';

/**
 * A stable id for reviews whose site gives none: `fp:<sha1(author|day|text)>`.
 * It must come out the same on every re-crawl, so only parts that do not drift
 * go in: relative dates ("3 weeks ago") move with the crawl time and are left
 * out, and day/month/year dates only contribute what they are precise to.
 */
export interface FingerprintInput {
  authorName: string | null;
  publishedAt: ExtractedDate | null;
  text: string | null;
  /** Used when there is no text (rating-only reviews with a title). */
  title?: string | null;
}

export function stableDatePart(date: ExtractedDate | null): string {
  if (!date) return '';
  switch (date.precision) {
    case 'approximate':
      return '';
    case 'year':
      return date.iso.slice(0, 4);
    case 'month':
      return date.iso.slice(0, 7);
    default:
      return date.iso.slice(0, 10);
  }
}

export function reviewFingerprint(review: FingerprintInput): string {
  const text = normaliseForMatch(review.text) || normaliseForMatch(review.title);
  const key = [normaliseForMatch(review.authorName), stableDatePart(review.publishedAt), text].join('|');
  return `fp:${createHash('sha1').update(key).digest('hex')}`;
}
