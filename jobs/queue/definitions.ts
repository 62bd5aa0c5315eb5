import { createHash } from 'node:crypto';
import type { QueueName } from './types';

/**
 * How each queue behaves, shared by both queue implementations.
 *
 *  - crawl: 'standard'. One crawl of a target at a time is enforced by the
 *    crawl handler's per-target lock, not by the queue: pg-boss's stately and
 *    singleton policies turn a second job of a busy key into a failed fetch
 *    that stalls every other job behind it, which with hundreds of targets
 *    would serialise the whole queue.
 *  - process, rollups, alerts: 'stately' with one key per queue. Each run
 *    handles everything pending, so one running plus one waiting covers any
 *    number of requests; further sends are dropped.
 *  - digest: 'standard', one job per schedule slot (id from the slot).
 *
 * expireInSeconds is the job's timeout: the handler is aborted just before it,
 * and a job whose worker died is failed by pg-boss's maintenance once it
 * passes, then retried elsewhere. Retries back off exponentially from
 * retryDelaySeconds.
 */
export interface QueuePolicy {
  policy: 'standard' | 'stately';
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** Fixed singleton key of 'stately' queues. */
  singletonKey?: string;
}

export interface QueueTuning {
  /** Timeout of a crawl job (default 30 minutes: 200 pages at 2 s per page, plus retries). */
  crawlTimeoutSeconds?: number;
  /** Timeout of processing, rollup, alert and digest jobs. */
  otherTimeoutSeconds?: number;
  /** First retry delay of every queue (tests use 1). */
  retryDelaySeconds?: number;
}

export function queuePolicies(t: QueueTuning = {}): Record<QueueName, QueuePolicy> {
  const other = t.otherTimeoutSeconds ?? 1800;
  const delay = (d: number) => t.retryDelaySeconds ?? d;
  return {
    // Generous retries: a crawl waiting for another crawl of its target also goes through a retry.
    crawl: { policy: 'standard', retryLimit: 6, retryDelaySeconds: delay(30), retryBackoff: true, expireInSeconds: t.crawlTimeoutSeconds ?? 1800 },
    process: { policy: 'stately', singletonKey: 'process', retryLimit: 5, retryDelaySeconds: delay(10), retryBackoff: true, expireInSeconds: other },
    rollups: { policy: 'stately', singletonKey: 'rollups', retryLimit: 3, retryDelaySeconds: delay(30), retryBackoff: true, expireInSeconds: other },
    alerts: { policy: 'stately', singletonKey: 'alerts', retryLimit: 3, retryDelaySeconds: delay(30), retryBackoff: true, expireInSeconds: Math.min(other, 900) },
    digest: { policy: 'standard', retryLimit: 5, retryDelaySeconds: delay(60), retryBackoff: true, expireInSeconds: Math.min(other, 900) },
  };
}

/**
 * A job id derived from a key (e.g. "crawl|12|2026-11-22T03:00:00.000Z"): the
 * same key always gives the same id, so enqueueing it twice inserts one job.
 * Formatted as a UUID because pg-boss ids are uuid columns.
 */
export function jobIdFor(key: string): string {
  const h = createHash('sha256').update(`repwatch-job:${key}`).digest();
  // Version 8 ("custom") and the RFC 4122 variant bits keep it a well-formed UUID.
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Retry delay of attempt n (0-based) with backoff: d·2ⁿ, jittered to [½, 1] of it as pg-boss does. */
export function retryDelayMs(p: Pick<QueuePolicy, 'retryDelaySeconds' | 'retryBackoff'>, retryCount: number, random = Math.random): number {
  if (!p.retryBackoff) return p.retryDelaySeconds * 1000;
  const full = p.retryDelaySeconds * 1000 * 2 ** Math.min(16, retryCount + 1);
  return full / 2 + (full / 2) * random();
}

/** The handler's own deadline: a little before the queue's expiry, so it can stop cleanly and release its locks first. */
export function handlerTimeoutMs(p: Pick<QueuePolicy, 'expireInSeconds'>): number {
  const ms = p.expireInSeconds * 1000;
  return Math.max(500, ms - Math.min(5000, ms * 0.1));
}
