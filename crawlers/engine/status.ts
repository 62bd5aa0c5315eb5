import { NonRetryableError } from '@crawlee/core';
import type { BlockedSignal } from '../types';
import { parseRetryAfter } from './backoff';

/**
 * What an HTTP status means for a review page. Transient statuses are thrown
 * as `RetryableStatusError` (crawlee retries them after our backoff); pages
 * that will not get better are `NonRetryableError`; statuses that mean "the
 * site is keeping us out" become a block signal.
 */
export class RetryableStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}${retryAfterMs !== null ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ''}`);
    this.name = 'RetryableStatusError';
  }
}

const transient = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** Throws for statuses to retry or give up on; returns a block signal for "kept out" statuses; null for a readable page. */
export function classifyStatus(status: number, url: string, retryAfter: string | string[] | undefined | null): BlockedSignal | null {
  if (status < 400) return null;
  if (transient.has(status) || (status >= 500 && status < 600)) throw new RetryableStatusError(status, parseRetryAfter(retryAfter), url);
  if (status === 401) return { reason: 'login-wall', detail: `The site asked for a login (HTTP 401) at ${url}.` };
  if (status === 403) return { reason: 'access-denied', detail: `The site refused access (HTTP 403) at ${url}.` };
  if (status === 404 || status === 410) throw new NonRetryableError(`The page ${url} does not exist (HTTP ${status}): check the target URL.`);
  throw new NonRetryableError(`The site answered HTTP ${status} for ${url}.`);
}

/** A page whose connection closed mid-body parses "fine" but silently lacks its end (and its "next" link). */
export class TruncatedPageError extends Error {
  constructor(url: string) {
    super(`The page ${url} was cut off (no closing </html>).`);
    this.name = 'TruncatedPageError';
  }
}

export function assertCompleteHtml(body: string, contentType: string | null, url: string): void {
  if (contentType && !/html/i.test(contentType)) return;
  const head = body.slice(0, 2048).toLowerCase();
  if (!head.includes('<html')) return;
  if (!/<\/html\s*>/i.test(body.slice(-4096))) throw new TruncatedPageError(url);
}
