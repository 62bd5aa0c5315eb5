import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../core/context';
import { parseEnv } from '../core/env';
import { silentLogger } from '../core/logger';
import { startDemoSite, type DemoSite } from '../demo/site';
import { buildDemoWorld } from '../demo/world/build';
import { syncConfig } from '../domain/roster/sync-config';
import { dropTestSchema, testDialect, testPostgresUrl, useTestDatabase } from '../test/support/db';
import { listRecentJobs, queueDepths } from './queue/history';
import { bossSchemaFor } from './queue/open';
import { expectedReviews, reviewCounts, scenarioConfig, slotReport, waitUntil } from './queue/testing/scenario';
import { startAll } from './runtime';

/**
 * The whole job side in one process, as `repwatch start` runs it: node-cron
 * fires a compressed crawl schedule, the queue (the in-process runner on
 * PGlite, pg-boss on PostgreSQL) runs the crawls against the demo site, each
 * crawl enqueues processing. Every slot must crawl every target exactly once.
 */
vi.setConfig({ hookTimeout: 60_000, testTimeout: 120_000 });
const t = useTestDatabase(import.meta.url);
const world = buildDemoWorld({ asOf: '2026-03-15', months: 1 });
let site: DemoSite;
let ctx: AppContext;
let bossSchema: string;

beforeAll(async () => {
  site = await startDemoSite({ world, pageSize: 10 });
  const config = scenarioConfig(site.url, world, { crawl: '*/3 * * * * *' });
  await syncConfig(t().db, config);
  bossSchema = bossSchemaFor(t().schema);
  ctx = {
    db: t().db,
    dialect: t().dialect,
    env: parseEnv(testDialect() === 'postgres' ? { DATABASE_URL: testPostgresUrl } : {}),
    config,
    settings: config.settings,
    logger: silentLogger,
  };
});
afterAll(async () => {
  await site?.close();
  if (testDialect() === 'postgres') await dropTestSchema(bossSchema);
});

describe(`scheduler + worker in one process (${testDialect() === 'postgres' ? 'pg-boss' : 'in-process runner'})`, () => {
  it('crawls every target once per slot, stores each review once and processes them all', async () => {
    const running = await startAll(ctx, {
      api: false,
      worker: true,
      scheduler: true,
      bossSchema,
      tuning: { retryDelaySeconds: 1, crawlTimeoutSeconds: 30, otherTimeoutSeconds: 30 },
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
      workerOptions: { concurrency: { crawl: 3 }, engineTuning: { backoffBaseMs: 20, backoffMaxMs: 200 } },
      schedulerOptions: { reloadIntervalMs: 1000 },
    });
    try {
      expect(running.queue?.kind).toBe(testDialect() === 'postgres' ? 'pg-boss' : 'local');
      await waitUntil(async () => (await slotReport(t().db)).slots.length >= 2, 30_000, 'two crawl slots');
      await running.scheduler!.stop();
      await waitUntil(async () => {
        const d = await queueDepths(ctx, { bossSchema });
        return Object.values(d.waiting).every((n) => n === 0) && Object.values(d.active).every((n) => n === 0);
      }, 60_000, 'the queue to drain');
    } finally {
      await running.stop();
    }

    const report = await slotReport(t().db);
    expect(report.slots.length).toBeGreaterThanOrEqual(2);
    for (const [slot, perTarget] of report.runs) for (const [target, n] of perTarget) expect({ slot, target, n }).toEqual({ slot, target, n: 1 });
    expect(report.orphans).toEqual([]);
    expect(report.unscheduled).toBe(0);

    const counts = await reviewCounts(t().db);
    expect(counts).toEqual({ total: expectedReviews(world, 0), distinct: expectedReviews(world, 0), live: expectedReviews(world, 0), unprocessed: 0 });

    const jobs = await listRecentJobs(ctx, 200, { bossSchema });
    const crawls = jobs.filter((j) => j.queue === 'crawl');
    expect(crawls.length).toBe(report.slots.length * report.runs.values().next().value!.size);
    expect(crawls.every((j) => j.state === 'completed')).toBe(true);
    expect(jobs.some((j) => j.queue === 'process' && j.state === 'completed')).toBe(true);
  });
});
