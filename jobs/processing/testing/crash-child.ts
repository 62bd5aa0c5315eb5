/**
 * Child process for the crash-resumability test: runs the processing job
 * against a database given by the environment and can die mid-batch.
 *
 *   REPWATCH_CRASH_DB_URL + REPWATCH_CRASH_SCHEMA   PostgreSQL schema, or
 *   REPWATCH_CRASH_PGLITE_DIR                       PGlite data folder
 *   REPWATCH_CRASH_BATCH_SIZE                       batch size (default 50)
 *   REPWATCH_CRASH_KILL_AT=N                        SIGKILL itself inside batch N, after its writes, before commit
 *   REPWATCH_CRASH_STALL_AT=N                       inside batch N (after its writes) print "stalled" and wait to be killed
 *
 * Prints "batch N" as each batch is about to commit and a final JSON result line.
 */
import { settingsSchema } from '../../../core/config/schema';
import { openDatabase } from '../../../db/connection';
import { processPendingReviews } from '../process-reviews';

const env = process.env;
const killAt = Number(env.REPWATCH_CRASH_KILL_AT ?? 0);
const stallAt = Number(env.REPWATCH_CRASH_STALL_AT ?? 0);

async function main() {
  const handle = env.REPWATCH_CRASH_PGLITE_DIR
    ? await openDatabase({ dataDir: env.REPWATCH_CRASH_PGLITE_DIR })
    : await openDatabase({ url: env.REPWATCH_CRASH_DB_URL, schema: env.REPWATCH_CRASH_SCHEMA, poolSize: 3 });
  try {
    const result = await processPendingReviews(handle.db, {
      settings: settingsSchema.parse({}),
      batchSize: Number(env.REPWATCH_CRASH_BATCH_SIZE ?? 50),
      beforeCommit: async ({ batch }) => {
        process.stdout.write(`batch ${batch}\n`);
        if (batch === killAt) process.kill(process.pid, 'SIGKILL');
        if (batch === stallAt) {
          process.stdout.write('stalled\n');
          await new Promise(() => {});
        }
      },
    });
    process.stdout.write(`${JSON.stringify({ processed: result.processed, quarantined: result.quarantined })}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
