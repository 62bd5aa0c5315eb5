import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { AppError } from '../core/errors';
import type { DatabaseHandle } from './connection';
import * as initialSchema from './migrations/2026-11-22T01-initial-schema';
import * as localJobs from './migrations/2026-11-22T02-local-jobs';
import * as rollupDays from './migrations/2026-12-04T01-rollup-days';
import * as processingQueue from './migrations/2026-12-04T02-processing-queue';
import * as changeNotifications from './migrations/2026-12-04T03-change-notifications';
import * as rollupsRefreshStorage from './migrations/2026-12-04T04-rollups-refresh-storage';

/**
 * Migrations are listed here explicitly (not read from a folder at run time) so
 * they work the same under tsx, vitest and a bundle. Names are date-prefixed and
 * sort in the order they must run.
 */
const migrations: Record<string, Migration> = {
  '2026-11-22T01-initial-schema': initialSchema,
  '2026-11-22T02-local-jobs': localJobs,
  '2026-12-04T01-rollup-days': rollupDays,
  '2026-12-04T02-processing-queue': processingQueue,
  '2026-12-04T03-change-notifications': changeNotifications,
  '2026-12-04T04-rollups-refresh-storage': rollupsRefreshStorage,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Arbitrary constant for pg_advisory_lock: "repwatch migrate". */
const MIGRATION_LOCK_ID = 727_001;

/**
 * Brings the schema to the latest version. Safe when several processes start
 * at once: on PostgreSQL a session-level advisory lock serialises them (Kysely's
 * own lock is taken only after its bookkeeping tables exist, which can race).
 */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db' | 'dialect' | 'schema'>): Promise<MigrationResultSet> {
  const { db, dialect, schema } = handle;
  // Naming the schema keeps Kysely's bookkeeping tables beside ours (it would otherwise find another schema's).
  const run = async (conn: Kysely<any>) =>
    new Migrator({ db: conn, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  const result =
    dialect === 'postgres'
      ? await db.connection().execute(async (conn) => {
          await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
          try {
            return await run(conn);
          } finally {
            await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
          }
        })
      : await run(db);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new AppError(
      'INTERNAL',
      `Database migration ${failed?.migrationName ?? ''} failed: ${(result.error as Error).message}`,
      {},
      { cause: result.error },
    );
  }
  return result;
}

/** Names of migrations the code knows but the database has not run yet (for /health). */
export async function pendingMigrations(handle: Pick<DatabaseHandle, 'db' | 'schema'>): Promise<string[]> {
  const { db, schema } = handle;
  const all = await new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

export const knownMigrations = Object.keys(migrations);
