import { settingsSchema } from '../../../core/config/schema';
import type { AppContext } from '../../../core/context';
import { parseEnv } from '../../../core/env';
import { createLogger } from '../../../core/logger';
import { openDatabase } from '../../../db/connection';
import { startScheduler } from '../../scheduler/scheduler';
import { startWorker } from '../../worker';
import type { QueueTuning } from '../definitions';
import type { QueueName } from '../types';

/**
 * A scheduler or worker process for the multi-process tests and the
 * benchmark, independent of the CLI: `npx tsx jobs/queue/testing/entry.ts '<json spec>'`.
 * Logs JSON lines to stderr (the tests read "job started" lines to know what
 * each process is doing) and stops gracefully on SIGTERM.
 */
export interface EntrySpec {
  role: 'scheduler' | 'worker';
  databaseUrl: string;
  /** Database schema (tests: one per test file). */
  schema?: string;
  bossSchema: string;
  /** Raw settings, parsed like the config file's. */
  settings?: unknown;
  tuning?: QueueTuning;
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  concurrency?: Partial<Record<QueueName, number>>;
  engineTuning?: Record<string, number>;
  processBatchSize?: number;
  /** Slows every processing batch down (crash tests). */
  processCommitDelayMs?: number;
  reloadIntervalMs?: number;
  instanceId?: string;
  logLevel?: string;
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? process.env.REPWATCH_ENTRY_SPEC ?? '{}') as EntrySpec;
  const handle = await openDatabase({ url: spec.databaseUrl, schema: spec.schema, poolSize: 8 });
  const logger = createLogger(spec.logLevel ?? 'info').child({ role: spec.role, pid: process.pid });
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    env: parseEnv({ DATABASE_URL: spec.databaseUrl, LOG_LEVEL: 'info' }),
    config: null,
    settings: settingsSchema.parse(spec.settings ?? {}),
    logger,
  };
  const common = {
    bossSchema: spec.bossSchema,
    tuning: spec.tuning,
    pollingIntervalSeconds: spec.pollingIntervalSeconds,
    maintenanceIntervalSeconds: spec.maintenanceIntervalSeconds,
  };
  const delay = spec.processCommitDelayMs;
  const running =
    spec.role === 'scheduler'
      ? await startScheduler(ctx, { ...common, reloadIntervalMs: spec.reloadIntervalMs, instanceId: spec.instanceId })
      : await startWorker(ctx, {
          ...common,
          concurrency: spec.concurrency,
          engineTuning: spec.engineTuning,
          processBatchSize: spec.processBatchSize,
          ...(delay ? { beforeProcessCommit: () => new Promise<void>((r) => setTimeout(r, delay)) } : {}),
        });
  logger.info({ event: 'ready' }, `${spec.role} process ready`);
  const shutdown = async () => {
    await running.stop();
    await handle.close();
    logger.info({ event: 'exit' }, `${spec.role} process exiting`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'entry failed', err: (error as Error).stack ?? String(error) })}\n`);
  process.exit(1);
});
