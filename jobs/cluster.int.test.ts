import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEnv } from '../core/env';
import { silentLogger } from '../core/logger';
import { runCrawl } from '../crawlers/engine/run-crawl';
import { startDemoSite, type DemoSite } from '../demo/site';
import { buildDemoWorld } from '../demo/world/build';
import { syncConfig } from '../domain/roster/sync-config';
import { dropTestSchema, testDialect, testPostgresUrl, useTestDatabase } from '../test/support/db';
import { markForReprocessing } from '../db/queries/processing';
import { jobIdFor } from './queue/definitions';
import { queueDepths } from './queue/history';
import { bossSchemaFor } from './queue/open';
import { createPgBossQueue, type PgBossQueue } from './queue/pgboss-queue';
import type { EntrySpec } from './queue/testing/entry';
import { reviewCounts, scenarioConfig, siteReviewIds, slotReport, waitUntil } from './queue/testing/scenario';
import { spawnJobProcess, type JobProcess, type LogLine } from './queue/testing/spawn';

/**
 * The job side scaled out on the real PostgreSQL: two scheduler processes and
 * three worker processes share one database. Every slot of a compressed
 * schedule crawls every target exactly once; then workers are killed with
 * SIGKILL mid-crawl and mid-processing, and their jobs finish elsewhere once
 * pg-boss expires them, with nothing lost or stored twice. (PGlite is one
 * process by design: jobs/runtime.int.test.ts covers it.)
 */
const onPostgres = testDialect() === 'postgres';
vi.setConfig({ hookTimeout: 90_000, testTimeout: 240_000 });
const t = onPostgres ? useTestDatabase(import.meta.url) : null;
const world = buildDemoWorld({ asOf: '2026-03-15', months: 2 });
const procs: JobProcess[] = [];
let site: DemoSite;
let producer: PgBossQueue | null = null;
let bossSchema = '';

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await producer?.stop({ graceful: false }).catch(() => {});
  await site?.close();
  if (bossSchema) await dropTestSchema(bossSchema);
});

const ready = (l: LogLine) => l.event === 'ready';
const started = (queue: string) => (l: LogLine) => l.msg === 'job started' && l.queue === queue;

async function drained(queues: string[]) {
  const d = await queueDepths({ db: t!().db, dialect: 'postgres' }, { bossSchema });
  return queues.every((q) => !d.waiting[q] && !d.active[q]);
}

async function jobState(id: string): Promise<string | null> {
  const r = await sql<{ state: string }>`
    select state::text as state from ${sql.table(`${bossSchema}.job`)} where id = ${id}::uuid
    union all select state::text from ${sql.table(`${bossSchema}.archive`)} where id = ${id}::uuid`.execute(t!().db);
  return r.rows[0]?.state ?? null;
}

describe.runIf(onPostgres)('two schedulers and three workers on one PostgreSQL', () => {
  let base: Omit<EntrySpec, 'role'>;

  beforeAll(async () => {
    const { db, schema } = t!();
    bossSchema = bossSchemaFor(schema);
    // A slow site: a dealer's full crawl takes seconds, long enough to kill a worker in the middle of it.
    site = await startDemoSite({ world, pageSize: 10, delayMs: 150 });
    const config = scenarioConfig(site.url, world, { crawl: '*/5 * * * * *', rollups: '*/10 * * * * *', alerts: '*/10 * * * * *' });
    await syncConfig(db, config);
    base = {
      databaseUrl: testPostgresUrl,
      schema,
      bossSchema,
      settings: config.settings,
      tuning: { retryDelaySeconds: 1, crawlTimeoutSeconds: 15, otherTimeoutSeconds: 12 },
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
    };
  });

  it('runs each slot once, and jobs of killed workers finish elsewhere with nothing lost or duplicated', async () => {
    const { db } = t!();
    const schedulers = ['a', 'b'].map((n) => spawnJobProcess({ ...base, role: 'scheduler', instanceId: `scheduler-${n}`, reloadIntervalMs: 1000 }));
    const workers = [1, 2, 3].map(() =>
      spawnJobProcess({ ...base, role: 'worker', concurrency: { crawl: 2 }, engineTuning: { backoffBaseMs: 20, backoffMaxMs: 200 }, processBatchSize: 20, processCommitDelayMs: 300 }),
    );
    procs.push(...schedulers, ...workers);
    await Promise.all(procs.map((p) => p.waitFor(ready, 60_000)));

    // Phase 1: three crawl slots, then the schedulers stop and the queue drains.
    await waitUntil(async () => (await slotReport(db)).slots.length >= 3, 40_000, 'three crawl slots');
    for (const s of schedulers) s.child.kill('SIGTERM');
    expect(await Promise.all(schedulers.map((s) => s.exited))).toEqual([0, 0]);
    await waitUntil(() => drained(['crawl', 'process', 'rollups', 'alerts']), 60_000, 'the queue to drain');

    const phase1 = await slotReport(db);
    const targets = phase1.runs.values().next().value!.size;
    expect(targets).toBe(18);
    for (const [slot, perTarget] of phase1.runs) for (const [target, n] of perTarget) expect({ slot, target, n }).toEqual({ slot, target, n: 1 });
    expect(phase1.orphans).toEqual([]);
    // Both schedulers ran every task; each slot was fired by exactly one of them.
    const fired = schedulers.flatMap((s) => s.lines.filter((l) => l.msg === 'schedule slot fired' && String(l.task).startsWith('crawl@')).map((l) => l.slot));
    expect(fired.sort()).toEqual(phase1.slots);
    expect(await reviewCounts(db)).toMatchObject({ total: siteReviewIds(world, 0).size, distinct: siteReviewIds(world, 0).size, unprocessed: 0 });

    // Phase 2: the site moves on; full sweeps of every target, and the worker crawling a dealer is killed mid-crawl.
    site.setPhase(1);
    producer = await createPgBossQueue({ connectionString: testPostgresUrl, schema: bossSchema, logger: silentLogger, tuning: base.tuning, maintenanceIntervalSeconds: 1 });
    const dealers = (await db.selectFrom('targets').select('id').where('url', 'like', '%/dealer/%').execute()).map((r) => r.id);
    const all = (await db.selectFrom('targets').select('id').orderBy('id').execute()).map((r) => r.id);
    const manual = (id: number) => jobIdFor(`manual-full|${id}`);
    for (const id of [...dealers, ...all.filter((i) => !dealers.includes(i))]) await producer.send('crawl', { targetId: id, mode: 'full' }, { id: manual(id) });
    const killedCrawl = await killDuring(workers, started('crawl'), async (l) => dealers.includes(l.target as number) && (await runningRun(l.job!)));
    await waitUntil(async () => (await jobState(killedCrawl.job)) === 'completed', 60_000, 'the killed crawl to finish elsewhere');
    await waitUntil(() => drained(['crawl', 'process']), 60_000, 'crawls and processing to drain');

    // Everything becomes unprocessed; the worker processing it is killed between two batch commits.
    await markForReprocessing(db);
    const processJob = await producer.send('process', {});
    expect(processJob).not.toBeNull();
    const killedProcess = await killDuring(workers, (l) => started('process')(l) && l.job === processJob, async () => (await reviewCounts(db)).unprocessed > 0);
    await waitUntil(async () => (await jobState(processJob!)) === 'completed', 60_000, 'the killed processing job to finish elsewhere');
    await waitUntil(() => drained(['crawl', 'process']), 60_000, 'the queue to drain again');
    expect(killedProcess.worker).not.toBe(killedCrawl.worker);

    // Every manual crawl ran to the end once; the killed one left one run, closed as orphaned by its retry.
    const runs = await db.selectFrom('crawl_runs').select(['job_id', 'status', 'error_message']).where('job_id', 'in', all.map(manual)).execute();
    for (const id of all) {
      const mine = runs.filter((r) => r.job_id === manual(id));
      const finished = mine.filter((r) => !(r.error_message ?? '').startsWith('The process running this crawl stopped'));
      expect({ id, finished: finished.length, running: mine.filter((r) => r.status === 'running').length }).toEqual({ id, finished: 1, running: 0 });
    }
    expect(runs.filter((r) => r.job_id === killedCrawl.job && r.status === 'failed').length).toBeGreaterThanOrEqual(1);

    // Nothing lost: a full re-crawl from here finds nothing new or changed. Nothing twice: one row per review.
    const live = siteReviewIds(world, 1);
    const ever = new Set([...siteReviewIds(world, 0), ...live]);
    expect(await reviewCounts(db)).toEqual({ total: ever.size, distinct: ever.size, live: live.size, unprocessed: 0 });
    const recheck = await runCrawl({ db, settings: (await import('../core/config/schema')).settingsSchema.parse(base.settings), env: parseEnv({}), logger: silentLogger }, { all: true, mode: 'full', tuning: { backoffBaseMs: 20 } });
    expect(recheck.reduce((n, r) => n + r.reviewsNew + r.reviewsChanged, 0)).toBe(0);
    const failedJobs = await sql<{ n: number }>`select count(*) as n from ${sql.table(`${bossSchema}.job`)} where state = 'failed'`.execute(db);
    expect(Number(failedJobs.rows[0]!.n)).toBe(0);

    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  });
});

async function runningRun(jobId: string): Promise<boolean> {
  const r = await t!().db.selectFrom('crawl_runs').select('id').where('job_id', '=', jobId).where('status', '=', 'running').executeTakeFirst();
  return Boolean(r);
}

/**
 * Waits for a job start matching `match` on a live worker and, once the job
 * has had 300 ms to get going, SIGKILLs that worker if `stillBusy` says the
 * job is still mid-way. Candidates are checked side by side (not one after
 * another with a sleep each), so a short job is not missed while another
 * candidate is being looked at.
 */
async function killDuring(workers: JobProcess[], match: (l: LogLine) => boolean, stillBusy: (l: LogLine) => Promise<boolean>) {
  const firstSeen = new Map<LogLine, number>();
  const dropped = new Set<LogLine>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const now = Date.now();
    for (const w of workers.filter((x) => x.child.exitCode === null && x.child.signalCode === null)) {
      for (const l of w.lines) {
        if (dropped.has(l) || !match(l)) continue;
        const seen = firstSeen.get(l) ?? now;
        firstSeen.set(l, seen);
        if (now - seen < 300) continue;
        if (!(await stillBusy(l))) {
          // Not started in earnest yet, or already done: give it up after a few seconds.
          if (now - seen > 5_000) dropped.add(l);
          continue;
        }
        w.child.kill('SIGKILL');
        await w.exited;
        return { worker: w.child.pid, job: l.job! };
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no job to kill a worker in the middle of');
}
