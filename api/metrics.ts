import { Hono } from 'hono';
import { sql } from 'kysely';
import { Gauge, Registry } from 'prom-client';
import type { AppContext } from '../core/context';
import { queueDepths } from '../jobs/queue/history';
import { collectProcessMetrics, registry as jobsRegistry } from '../jobs/metrics';

/**
 * GET /metrics in Prometheus text format. Two kinds of numbers:
 *  - this process's own counters (jobs/metrics.ts): crawl pages, reviews
 *    stored, crawl runs by outcome (blocked among them), job latency
 *    histograms, alert deliveries — whatever ran here;
 *  - the database's state, read at scrape time so every process reports the
 *    same: queue depth, stored reviews per level, targets whose last run was
 *    blocked or failed, open and undelivered alerts.
 * Mount it outside /api/v1 (Prometheus sends no API key); keep it on an
 * internal network, or pass a token to require "Authorization: Bearer <token>".
 */
export interface MetricsOptions {
  /** pg-boss schema (default "pgboss"). */
  bossSchema?: string;
  token?: string;
}

export function dbRegistry(ctx: Pick<AppContext, 'db' | 'dialect'>, opts: MetricsOptions = {}): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'repwatch_queue_jobs',
    help: 'Jobs in the queue by state (waiting = created or waiting to retry)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const { waiting, active } = await queueDepths(ctx, { bossSchema: opts.bossSchema });
      for (const [queue, n] of Object.entries(waiting)) this.set({ queue, state: 'waiting' }, n);
      for (const [queue, n] of Object.entries(active)) this.set({ queue, state: 'active' }, n);
    },
  });
  new Gauge({
    name: 'repwatch_reviews',
    help: 'Reviews stored and not removed, by the level of the profile they were found on',
    labelNames: ['level'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await ctx.db.selectFrom('reviews').select(['entity_kind', sql<number>`count(*)`.as('n')]).where('removed_at', 'is', null).groupBy('entity_kind').execute();
      for (const r of rows) this.set({ level: r.entity_kind }, Number(r.n));
    },
  });
  new Gauge({
    name: 'repwatch_targets',
    help: 'Enabled review profiles by the status of their last finished crawl run (never = not crawled yet)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await sql<{ status: string; n: number }>`
        select coalesce(r.status, 'never') as status, count(*) as n from targets t
        left join lateral (select status from crawl_runs where target_id = t.id and status <> 'running' order by started_at desc, id desc limit 1) r on true
        where t.enabled group by 1`.execute(ctx.db);
      for (const r of rows.rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'repwatch_alerts',
    help: 'Alerts by state: open (not acknowledged, not muted) and undelivered (open and not yet sent)',
    labelNames: ['state', 'severity'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await sql<{ severity: string; open: number; undelivered: number }>`
        select severity, count(*) as open, count(*) filter (where delivered_at is null) as undelivered from alerts
        where acknowledged_at is null and (muted_until is null or muted_until <= now()) group by severity`.execute(ctx.db);
      for (const r of rows.rows) {
        this.set({ state: 'open', severity: r.severity }, Number(r.open));
        this.set({ state: 'undelivered', severity: r.severity }, Number(r.undelivered));
      }
    },
  });
  return registry;
}

export function metricsRoutes(ctx: Pick<AppContext, 'db' | 'dialect' | 'logger'>, opts: MetricsOptions = {}): Hono {
  collectProcessMetrics();
  const merged = Registry.merge([jobsRegistry, dbRegistry(ctx, opts)]);
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (opts.token && c.req.header('authorization') !== `Bearer ${opts.token}`) return c.text('Unauthorized\n', 401);
    try {
      const body = await merged.metrics();
      return c.body(body, 200, { 'Content-Type': merged.contentType, 'Cache-Control': 'no-store' });
    } catch (error) {
      ctx.logger.error({ err: (error as Error).message }, 'metrics could not be collected');
      return c.text('# metrics unavailable: the database could not be read\n', 503);
    }
  });
  return app;
}
