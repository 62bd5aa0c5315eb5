/**
 * Processing benchmark (a script, not a test), against the real PostgreSQL
 * (BENCH_DATABASE_URL, DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 * in a schema of its own (bench_processing_<random>, dropped at the end):
 *
 *   tsx bench/processing/run.ts [--quick] [--sizes 100000,1000000] [--batch 20000] [--people N] [--locations N]
 *     [--refreshes N] [--keep | --reuse=SCHEMA] [--out file]
 *
 * For each stored size, growing in one schema:
 *  - stored history: generated reviews marked processed with SQL (generate.ts);
 *  - rollups: a full rebuild at that size;
 *  - processing: a batch of new reviews through processPendingReviews end to end
 *    (claim, normalize, score, attribute, write, commit), beside a bulk insert of
 *    the same output rows in the same run (baseline.ts); twice, the first batch
 *    after the start (recorded apart) and the second (the figure);
 *  - refresh: 1,000 recent reviews processed, then the incremental rollup refresh they need
 *    (--refreshes N: N such batches one after another, each reported, the median as the figure).
 * --keep leaves the schema behind (its name is logged); --reuse=SCHEMA runs only
 * the refresh batches on such a kept schema (for profiling one phase).
 * Quick: 10,000 stored, batch 5,000. Full: 100,000 and 1,000,000, batch 20,000.
 */
import { sql } from 'kysely';
import { settingsSchema } from '../../core/config/schema';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { processPendingReviews } from '../../jobs/processing/process-reviews';
import { refreshRollups } from '../../jobs/rollups/refresh-rollups';
import { emit, logTo, numberList, option, quick, round, timed } from '../lib/cli';
import { benchDatabaseUrl, benchSchemaName, dropSchemas } from '../lib/pg';
import { bulkInsertBaseline } from './baseline';
import { generateBenchReviews, loadBenchRoster, markPendingProcessed, seedBenchRoster } from './generate';

const log = logTo('processing');
const sizes = numberList('sizes', quick ? [10_000] : [100_000, 1_000_000]);
const batch = Number(option('batch') ?? (quick ? 5_000 : 20_000));
const people = Number(option('people') ?? 200);
const locations = Number(option('locations') ?? 20);
const refreshes = Math.max(1, Number(option('refreshes') ?? 1));
const keep = process.argv.includes('--keep');
const reuse = option('reuse');

export interface ProcessingStep {
  storedReviews: number;
  historySeconds: number;
  rollupRows: number;
  fullRebuildSeconds: number;
  /** The second batch of the run (the steady state of a long-running worker). */
  processing: { reviews: number; seconds: number; reviewsPerSecond: number; quarantined: number; attributions: { auto: number; pending: number } };
  /** The first batch after the process started (V8 still compiling the scoring code), with its own baseline. */
  firstBatch: { reviewsPerSecond: number; baselineReviewsPerSecond: number; ratio: number };
  baseline: { what: string; scores: number; themes: number; seconds: number; reviewsPerSecond: number };
  /** processing / baseline reviews per second. */
  ratio: number;
  afterBatch: { reviews: number; processSeconds: number; refreshSeconds: number; cells: number; rowsWritten: number; phasesMs: Record<string, number> };
  /** With --refreshes N > 1: every batch, in order (afterBatch is their median). */
  afterBatches?: ProcessingStep['afterBatch'][];
}

async function main() {
  const schema = reuse ?? benchSchemaName('processing');
  const handle = await openDatabase({ url: benchDatabaseUrl, schema, poolSize: 4 });
  const { db } = handle;
  const settings = settingsSchema.parse({});
  const steps: ProcessingStep[] = [];
  // On a kept schema, other random reviews than the runs before (external ids stay unique either way: generate.ts).
  let seed = reuse ? Date.now() % 9973 : 1;
  const generate = (count: number, from = '2024-01-01', to = '2026-11-01') => generateBenchReviews(db, roster, { count, from, to, seed: (seed++ % 100) / 100 });
  const stored = async () => Number((await sql<{ n: string }>`select count(*) as n from reviews`.execute(db)).rows[0]!.n);
  const maxId = async () => Number((await sql<{ m: string | null }>`select max(id) as m from reviews`.execute(db)).rows[0]!.m ?? 0);
  await migrateToLatest(handle);
  const roster = reuse ? await loadBenchRoster(db) : await seedBenchRoster(db, locations, people);
  /** N batches of 1,000 recent reviews, each processed and then refreshed (timed apart), in order. */
  const refreshBatches = async (n: number) => {
    const batches: ProcessingStep['afterBatch'][] = [];
    for (let i = 0; i < n; i++) {
      await generate(1000, '2026-10-01', '2026-11-01');
      const [b, batchMs] = await timed(() => processPendingReviews(db, { settings, batchSize: 1000 }));
      const [inc, incMs] = await timed(() => refreshRollups(db, { settings, touched: b.touched }));
      log(`1,000-review batch: processed in ${round(batchMs / 1000, 2)} s, rollup refresh ${round(incMs / 1000, 2)} s (${inc.mode}, ${inc.cells} cells, ${JSON.stringify(inc.phases ?? {})})`);
      batches.push({ reviews: b.processed, processSeconds: round(batchMs / 1000, 2), refreshSeconds: round(incMs / 1000, 3), cells: inc.cells, rowsWritten: inc.rowsWritten, phasesMs: inc.phases ?? {} });
    }
    return batches;
  };
  if (reuse) {
    try {
      const batches = await refreshBatches(refreshes);
      emit({ database: benchDatabaseUrl.replace(/\/\/[^@]*@/, '//'), schema, storedReviews: await stored(), afterBatches: batches });
    } finally {
      await handle.close();
    }
    return;
  }
  try {
    for (const size of sizes) {
      const [, historyMs] = await timed(async () => {
        const missing = size - (await stored());
        for (let done = 0; done < missing; done += 500_000) await generate(Math.min(500_000, missing - done));
        await markPendingProcessed(db);
        // Vacuumed as well: otherwise autovacuum reaches the freshly written millions mid-measurement (as it would not in a steady state).
        await sql`vacuum analyze reviews, review_scores, processing_queue`.execute(db);
      });
      log(`${size.toLocaleString('en')} stored reviews (history in ${round(historyMs / 1000)} s)`);
      const [, fullMs] = await timed(() => refreshRollups(db, { settings, touched: 'all' }));
      log(`full rollup rebuild ${round(fullMs / 1000, 2)} s`);
      await sql`vacuum analyze rollup_facts, rollup_days, rollup_theme_days, rollups`.execute(db);
      // And flushed: otherwise the checkpointer writes out the history and the rebuild (gigabytes at 5M) while
      // the batches below are measured, which a steady-state database is not doing either.
      // (It needs superuser or pg_checkpoint; without them the run goes on and says so.)
      await sql`checkpoint`.execute(db).catch((e: Error) => log(`checkpoint skipped: ${e.message}`));

      /** One batch through processPendingReviews, then the bulk insert of its output rows. */
      const measureBatch = async (label: string) => {
        const before = await maxId();
        await generate(batch);
        const [p, processMs] = await timed(() => processPendingReviews(db, { settings, batchSize: 1000, concurrency: 2 }));
        const base = await bulkInsertBaseline(db, before);
        const rate = Math.round(p.processed / (processMs / 1000));
        const baseRate = Math.round(base.scores / (base.ms / 1000));
        log(`processing ${p.processed} reviews (${label}): ${rate}/s; bulk insert of the same rows: ${baseRate}/s`);
        // The batch's own cells are refreshed untimed: the measured refresh is the 1,000 reviews' alone.
        await refreshRollups(db, { settings, touched: p.touched });
        return { p, processMs, base, rate, baseRate };
      };
      // Two batches: the worker is a long-running process, and its first batch after a start also pays for V8
      // compiling the scoring code (the first: recorded as firstBatch); the second is the steady state, the figure.
      const first = await measureBatch('first batch after start');
      const { p, processMs, base, rate, baseRate } = await measureBatch('second batch');

      const batches = await refreshBatches(refreshes);
      const byTime = [...batches].sort((x, y) => x.refreshSeconds - y.refreshSeconds);
      steps.push({
        storedReviews: await stored(),
        historySeconds: round(historyMs / 1000, 2),
        rollupRows: Number((await sql<{ n: string }>`select count(*) as n from rollups`.execute(db)).rows[0]!.n),
        fullRebuildSeconds: round(fullMs / 1000, 2),
        processing: { reviews: p.processed, seconds: round(processMs / 1000, 2), reviewsPerSecond: rate, quarantined: p.quarantined, attributions: p.attributions },
        firstBatch: { reviewsPerSecond: first.rate, baselineReviewsPerSecond: first.baseRate, ratio: round(first.rate / first.baseRate, 2) },
        baseline: { what: 'bulk insert of the same review_scores + review_themes rows into empty copies', scores: base.scores, themes: base.themes, seconds: round(base.ms / 1000, 2), reviewsPerSecond: baseRate },
        ratio: round(rate / baseRate, 2),
        // The median batch (the lower middle one for an even count).
        afterBatch: byTime[Math.floor((byTime.length - 1) / 2)]!,
        ...(batches.length > 1 ? { afterBatches: batches } : {}),
      });
    }
  } finally {
    await handle.close();
    if (keep) log(`schema ${schema} kept`);
    else await dropSchemas(schema);
  }
  emit({ database: benchDatabaseUrl.replace(/\/\/[^@]*@/, '//'), people, locations, batch, steps });
}

await main();
process.exit(0);
