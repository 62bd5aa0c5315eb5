import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import type { QueueTuning } from './definitions';
import { createLocalQueue } from './local-queue';
import { createPgBossQueue, DEFAULT_BOSS_SCHEMA } from './pgboss-queue';
import type { JobQueue } from './types';

/**
 * The queue for this deployment: pg-boss when the database is PostgreSQL,
 * the in-process runner on PGlite.
 */
export interface JobQueueOptions {
  /** pg-boss schema (default "pgboss"). */
  bossSchema?: string;
  /** PostgreSQL URL for pg-boss's pool; defaults to DATABASE_URL. */
  connectionString?: string;
  tuning?: QueueTuning;
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  /** pg-boss pool size (default: 2 + the worker's total concurrency, at least 4). */
  poolSize?: number;
}

/** The pg-boss schema beside a database schema: tests give every file its own schema, and its jobs go with it. */
export function bossSchemaFor(dbSchema: string | undefined): string {
  return dbSchema ? `${dbSchema}_boss` : DEFAULT_BOSS_SCHEMA;
}

export async function openJobQueue(ctx: Pick<AppContext, 'db' | 'dialect' | 'env' | 'logger'>, opts: JobQueueOptions = {}): Promise<JobQueue> {
  if (ctx.dialect === 'pglite') return createLocalQueue({ db: ctx.db, logger: ctx.logger, tuning: opts.tuning });
  const connectionString = opts.connectionString ?? ctx.env.DATABASE_URL;
  if (!connectionString) throw new AppError('CONFIG_INVALID', 'The job queue needs DATABASE_URL (PostgreSQL).', { param: 'DATABASE_URL' });
  return createPgBossQueue({
    connectionString,
    schema: opts.bossSchema,
    logger: ctx.logger,
    tuning: opts.tuning,
    pollingIntervalSeconds: opts.pollingIntervalSeconds,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds,
    poolSize: opts.poolSize,
  });
}
