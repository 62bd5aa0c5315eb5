import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors';
import type { ApiEnv } from '../types';

/**
 * Per-key token bucket, in memory (one API process; a restart refills every
 * bucket, which is harmless). `capacity` is the burst, `refillPerSecond` the
 * sustained rate. A refused request gets 429 with Retry-After in seconds.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

export const defaultRateLimit: RateLimitOptions = { capacity: 120, refillPerSecond: 20 };

export class TokenBuckets {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: number, now = Date.now()): number {
    const { capacity, refillPerSecond } = this.options;
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / refillPerSecond));
  }

  remaining(key: number): number {
    return Math.floor(this.buckets.get(key)?.tokens ?? this.options.capacity);
  }
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<ApiEnv> {
  const buckets = new TokenBuckets(options);
  return async (c, next) => {
    const key = c.get('principal').keyId;
    const wait = buckets.take(key);
    if (wait > 0)
      throw new AppError('RATE_LIMITED', `Too many requests for this API key; retry in ${wait} s.`, { retryAfterSeconds: wait });
    c.header('X-RateLimit-Limit', String(options.capacity));
    c.header('X-RateLimit-Remaining', String(buckets.remaining(key)));
    await next();
  };
}
