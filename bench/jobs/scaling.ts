import { sql, type Kysely } from 'kysely';
import { silentLogger } from '../../core/logger';
import { seedTarget } from '../../crawlers/engine/testing/seed';
import type { Database } from '../../db/types';
import { createPgBossQueue } from '../../jobs/queue/pgboss-queue';
import { waitUntil } from '../../jobs/queue/testing/scenario';
import { spawnJobProcess, type JobProcess } from '../../jobs/queue/testing/spawn';
import { round } from '../lib/cli';
import { percentile } from '../api/load';
import type { BenchServer } from '../crawl/bench';
import { PAGES_PER_TARGET } from '../crawl/pages';

/**
 * Crawl throughput with 1, 2, 4 worker processes: real `repwatch worker`
 * processes (jobs/queue/testing/entry.ts via spawn.ts, as the cluster tests
 * start them) take crawl jobs for fresh targets on the local bench site, with
 * per-host limits relaxed (no delay, 16 per host: the settings' maximum), and
 * store what they read. Every worker also runs
 * the processing jobs those crawls trigger, as a deployed worker would.
 */
export interface ScalingStep {
  workers: number;
  targets: number;
  pages: number;
  seconds: number;
  pagesPerSec: number;
  /** Duration of one crawl job (one 20-page target, stored), from the workers' "job finished" lines. */
  crawlJobMs: { p50: number; p95: number };
  failedRuns: number;
}

export async function workerScaling(opts: {
  db: Kysely<Database>;
  url: string;
  schema: string;
  bossSchema: string;
  server: BenchServer;
  workerCounts: number[];
  targetsPerStep: number;
  crawlConcurrency: number;
  log: (msg: string) => void;
}): Promise<ScalingStep[]> {
  const producer = await createPgBossQueue({ connectionString: opts.url, schema: opts.bossSchema, logger: silentLogger, pollingIntervalSeconds: 0.5 });
  const steps: ScalingStep[] = [];
  let nextTarget = 1;
  try {
    for (const workers of opts.workerCounts) {
      const ids: number[] = [];
      for (let i = 0; i < opts.targetsPerStep; i++) ids.push(await seedTarget(opts.db, { url: `${opts.server.base}/t/${nextTarget++}`, source: 'schema-org' }));
      const procs: JobProcess[] = Array.from({ length: workers }, () =>
        spawnJobProcess({
          role: 'worker',
          databaseUrl: opts.url,
          schema: opts.schema,
          bossSchema: opts.bossSchema,
          settings: { crawl: { delayMs: 0, maxConcurrencyPerHost: 16, respectRobotsTxt: false, maxPagesPerRun: 1000 } },
          concurrency: { crawl: opts.crawlConcurrency },
          pollingIntervalSeconds: 0.5,
          logLevel: 'info',
        }),
      );
      try {
        // Timing starts once every worker is up: process start-up is not crawl throughput.
        const died = (p: JobProcess) => p.exited.then((code) => Promise.reject(new Error(`worker exited with ${code}: ${JSON.stringify(p.lines.slice(-2))}`)));
        await Promise.all(procs.map((p) => Promise.race([p.waitFor((l) => l.event === 'ready', 120_000), died(p)])));
        const t0 = performance.now();
        for (const id of ids) await producer.send('crawl', { targetId: id, mode: 'full' });
        await waitUntil(async () => {
          const r = await sql<{ n: string }>`select count(*) as n from crawl_runs where target_id = any(${ids}) and status <> 'running'`.execute(opts.db);
          return Number(r.rows[0]!.n) >= ids.length;
        }, 600_000, 'crawl jobs', 100);
        const ms = performance.now() - t0;
        const runs = await sql<{ pages: number; status: string }>`select pages, status from crawl_runs where target_id = any(${ids})`.execute(opts.db);
        const pages = runs.rows.reduce((n, r) => n + Number(r.pages), 0);
        const jobMs = procs
          .flatMap((p) => p.lines)
          .filter((l) => l.msg === 'job finished' && l.queue === 'crawl')
          .map((l) => Number(l.ms))
          .sort((a, b) => a - b);
        const step: ScalingStep = {
          workers,
          targets: ids.length,
          pages,
          seconds: round(ms / 1000, 2),
          pagesPerSec: round((pages / ms) * 1000),
          crawlJobMs: { p50: Math.round(percentile(jobMs, 50)), p95: Math.round(percentile(jobMs, 95)) },
          failedRuns: runs.rows.filter((r) => r.status !== 'ok').length,
        };
        opts.log(`${workers} worker process(es): ${pages} pages in ${step.seconds} s = ${step.pagesPerSec} pages/s (crawl job p50 ${step.crawlJobMs.p50} ms)`);
        steps.push(step);
      } finally {
        for (const p of procs) p.child.kill('SIGTERM');
        await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 20_000))])));
        for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }
    }
  } finally {
    await producer.stop({ graceful: false });
  }
  return steps;
}

export const pagesPerStep = (targets: number) => targets * PAGES_PER_TARGET;
