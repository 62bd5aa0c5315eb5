/**
 * Jobs benchmark (a script, not a test), against the real PostgreSQL in
 * schemas of its own (bench_jobs_<random> and its pg-boss schema, dropped at
 * the end):
 *
 *   tsx bench/jobs/run.ts [--quick] [--workers 1,2,4] [--targets N] [--latency MS] [--out file]
 *
 *  - overhead: a no-op job through repwatch's pg-boss queue (overhead.ts),
 *    to set beside the work a typical crawl job carries (scaling.ts);
 *  - scaling: crawl throughput with 1 → 2 → 4 worker processes (scaling.ts)
 *    against the local site answering after --latency ms (default 150: a
 *    review site across the internet; 0 makes the crawl CPU-bound, and on a
 *    2-core machine more processes then only contend for the cores).
 */
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { emit, logTo, numberList, option, quick, round } from '../lib/cli';
import { benchDatabaseUrl, benchSchemaName, dropSchemas } from '../lib/pg';
import { startBenchServer } from '../crawl/bench';
import { PAGES_PER_TARGET } from '../crawl/pages';
import { queueOverhead } from './overhead';
import { workerScaling } from './scaling';

const log = logTo('jobs');
const workerCounts = numberList('workers', quick ? [1, 2] : [1, 2, 4]);
const targetsPerStep = Number(option('targets') ?? (quick ? 6 : 40));
const crawlConcurrency = 4;
const latencyMs = Number(option('latency') ?? 150);

const schema = benchSchemaName('jobs');
const bossSchema = `${schema}_boss`;
const handle = await openDatabase({ url: benchDatabaseUrl, schema, poolSize: 4 });
const server = await startBenchServer(PAGES_PER_TARGET, { latencyMs });
try {
  await migrateToLatest(handle);
  const overhead = await queueOverhead({ url: benchDatabaseUrl, bossSchema, jobs: quick ? 10 : 200, pickups: quick ? 3 : 20, concurrency: 2 });
  log(`no-op job: send ${overhead.send.msPerJob} ms, pickup p50 ${overhead.pickup.p50Ms} ms, drained at ${overhead.drain.jobsPerSecond} jobs/s (${overhead.drain.msPerJob} ms per job per loop)`);
  await server.prerender(targetsPerStep * workerCounts.length);
  const scaling = await workerScaling({ db: handle.db, url: benchDatabaseUrl, schema, bossSchema, server, workerCounts, targetsPerStep, crawlConcurrency, log });
  const typical = scaling[0]?.crawlJobMs.p50 ?? Number.NaN;
  emit({
    overhead,
    typicalCrawlJobMs: typical,
    /** Queue cost per busy job as a share of a typical crawl job (one 20-page target). */
    overheadShareOfCrawlJob: round(overhead.drain.msPerJob / typical, 4),
    scaling: { crawlConcurrencyPerWorker: crawlConcurrency, pagesPerTarget: PAGES_PER_TARGET, siteLatencyMs: latencyMs, steps: scaling },
  });
} finally {
  await server.close();
  await handle.close();
  await dropSchemas(schema, bossSchema);
}
process.exit(0);
