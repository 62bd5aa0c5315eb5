import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Process-local Prometheus metrics of the job side. Each process (API +
 * scheduler, every worker) has its own registry and counts only what it did
 * itself; Prometheus sums them over the scraped processes. Numbers that must
 * be the same whatever process is asked (queue depth, stored reviews, blocked
 * targets, open alerts) are read from the database at scrape time instead
 * (api/metrics.ts).
 *
 * A dedicated registry (not prom-client's global one) so tests and a second
 * app in the same process never collide on metric names.
 */
export const registry = new Registry();
let defaultsCollected = false;

/** Node process metrics (memory, event loop lag...): once per process, only when something serves /metrics. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry, prefix: 'repwatch_' });
}

export const crawlPages = new Counter({
  name: 'repwatch_crawl_pages_total',
  help: 'Pages fetched by crawl jobs run in this process',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const reviewsStored = new Counter({
  name: 'repwatch_reviews_stored_total',
  help: 'New reviews stored by crawl jobs run in this process',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const crawlRuns = new Counter({
  name: 'repwatch_crawl_runs_total',
  help: 'Crawl runs finished by this process, by outcome (ok, partial, blocked, failed)',
  labelNames: ['source', 'status'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'repwatch_job_duration_seconds',
  help: 'Time from a job starting to it finishing, by queue and outcome',
  labelNames: ['queue', 'outcome'] as const,
  // Jobs range from a no-op alert check (ms) to a full sweep of a large profile (tens of minutes).
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800],
  registers: [registry],
});

export const jobWait = new Histogram({
  name: 'repwatch_job_wait_seconds',
  help: 'Time a job waited in the queue before a worker started it (first attempt)',
  labelNames: ['queue'] as const,
  buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
  registers: [registry],
});

export const alertsSent = new Counter({
  name: 'repwatch_alerts_sent_total',
  help: 'Webhook deliveries of alerts and digests, by kind and outcome (ok, failed)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

export const alertsRaised = new Counter({
  name: 'repwatch_alerts_raised_total',
  help: 'New alerts raised by the alert job, by rule',
  labelNames: ['rule'] as const,
  registers: [registry],
});
