/**
 * Processing benchmark (a script, not a test). Against the real PostgreSQL
 * (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) in its own
 * schema, which is dropped and recreated:
 *
 *   npx tsx bench/processing/run.ts [--quick] [--reviews N] [--people N] [--locations N] [--keep]
 *
 * Prints one JSON object:
 *  - processing: reviews/s of processPendingReviews end to end (claim, score,
 *    attribute, write, commit), over all generated reviews;
 *  - baseline: the same derived rows (review_scores + review_themes) bulk
 *    inserted into empty copies of those tables in the same run, i.e. the floor
 *    set by PostgreSQL for writing the output alone;
 *  - rollups: a full rebuild at the stored size, then the incremental refresh
 *    after processing a further batch of 1,000 recent reviews.
 * --quick = 100,000 reviews (default 1,000,000).
 */
import { sql } from 'kysely';
import { settingsSchema } from '../../core/config/schema';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { processPendingReviews } from '../../jobs/processing/process-reviews';
import { refreshRollups } from '../../jobs/rollups/refresh-rollups';
import { generateBenchReviews, seedBenchRoster } from './generate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const reviews = Number(arg('reviews') ?? (quick ? 100_000 : 1_000_000));
const people = Number(arg('people') ?? 200);
const locations = Number(arg('locations') ?? 20);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = 'bench_processing';

const seconds = (ms: number) => Math.round(ms) / 1000;
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await f();
  return [out, performance.now() - t];
};

async function main() {
  const admin = await openDatabase({ url, poolSize: 1 });
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
  await admin.close();
  const handle = await openDatabase({ url, schema, poolSize: 4 });
  const { db } = handle;
  try {
    await migrateToLatest(handle);
    const settings = settingsSchema.parse({});
    const roster = await seedBenchRoster(db, locations, people);
    const [, genMs] = await timed(() => generateBenchReviews(db, roster, { count: reviews, from: '2024-01-01', to: '2026-11-01', seed: 0.42 }));
    await sql`analyze`.execute(db);

    const [processed, processMs] = await timed(() => processPendingReviews(db, { settings, batchSize: 1000, concurrency: 2 }));

    // Baseline: the same scores and themes, bulk inserted into empty copies (1,000 reviews per statement, like the job).
    await sql`create table baseline_scores (like review_scores including all)`.execute(db);
    await sql`create table baseline_themes (like review_themes including all)`.execute(db);
    const scores = (await sql<Record<string, unknown>>`select review_id, sentiment, sentiment_label, combined, language, themes, scorer_version from review_scores order by review_id`.execute(db)).rows;
    const themes = (await sql<Record<string, unknown>>`select review_id, theme, polarity, quote from review_themes order by review_id`.execute(db)).rows;
    const [, baselineMs] = await timed(async () => {
      let t = 0;
      for (let i = 0; i < scores.length; i += 1000) {
        const chunk = scores.slice(i, i + 1000);
        const last = chunk[chunk.length - 1]!.review_id as number;
        const tc: Record<string, unknown>[] = [];
        while (t < themes.length && (themes[t]!.review_id as number) <= last) tc.push(themes[t++]!);
        await db.transaction().execute(async (trx) => {
          await sql`insert into baseline_scores (review_id, sentiment, sentiment_label, combined, language, themes, scorer_version)
            select * from json_to_recordset(${JSON.stringify(chunk)}::json)
              as x(review_id bigint, sentiment float8, sentiment_label text, combined float8, language text, themes jsonb, scorer_version int)`.execute(trx);
          if (tc.length)
            await sql`insert into baseline_themes (review_id, theme, polarity, quote)
              select * from json_to_recordset(${JSON.stringify(tc)}::json) as x(review_id bigint, theme text, polarity float8, quote text)`.execute(trx);
        });
      }
    });

    const [full, fullMs] = await timed(() => refreshRollups(db, { settings, touched: 'all' }));
    await generateBenchReviews(db, roster, { count: 1000, from: '2026-10-01', to: '2026-11-01', seed: 0.43 });
    const [batch, batchMs] = await timed(() => processPendingReviews(db, { settings, batchSize: 1000 }));
    const [incremental, incMs] = await timed(() => refreshRollups(db, { settings, touched: batch.touched }));
    const rollupRows = Number((await sql<{ n: number }>`select count(*) as n from rollups`.execute(db)).rows[0]!.n);

    console.log(
      JSON.stringify(
        {
          database: handle.description,
          reviews,
          people,
          locations,
          generateSeconds: seconds(genMs),
          processing: {
            seconds: seconds(processMs),
            reviewsPerSecond: Math.round(processed.processed / (processMs / 1000)),
            processed: processed.processed,
            quarantined: processed.quarantined,
            attributions: processed.attributions,
            touchedCells: processed.touched.length,
          },
          baseline: {
            what: 'bulk insert of the same review_scores + review_themes rows into empty copies',
            rows: { scores: scores.length, themes: themes.length },
            seconds: seconds(baselineMs),
            reviewsPerSecond: Math.round(scores.length / (baselineMs / 1000)),
          },
          rollups: {
            rows: rollupRows,
            fullRebuildSeconds: seconds(fullMs),
            fullRebuild: full,
            afterBatch: { reviews: batch.processed, processSeconds: seconds(batchMs), refreshSeconds: seconds(incMs), refresh: incremental },
          },
        },
        null,
        2,
      ),
    );
    if (!process.argv.includes('--keep')) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
