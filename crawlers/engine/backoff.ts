/**
 * Retry timing. Crawlee retries a failed request at once; repwatch waits
 * first (in the crawler's errorHandler): exponentially longer each time, and
 * never less than what the site asked for with Retry-After (capped, so one
 * "Retry-After: 86400" cannot stall a run for a day).
 */

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | null | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  const trimmed = v.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export interface BackoffPolicy {
  /** Wait before the first retry; doubles each retry. */
  baseMs: number;
  /** Ceiling of the exponential part. */
  maxMs: number;
  /** Ceiling applied to a site's Retry-After. */
  retryAfterCapMs: number;
}

/** How long to wait before retry number `retry` (1 = first retry). */
export function retryDelayMs(policy: BackoffPolicy, retry: number, retryAfterMs: number | null): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  // A little jitter so targets on one host that failed together do not retry in lockstep.
  const jittered = exponential * (0.9 + Math.random() * 0.2);
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, policy.retryAfterCapMs);
  return Math.round(Math.max(jittered, asked));
}

/** Sleeps `ms`, waking early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
