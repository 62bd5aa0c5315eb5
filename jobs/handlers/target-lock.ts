import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/connection';
import type { Database } from '../../db/types';

/**
 * "A crawl of one target never runs twice at once", enforced where the crawl
 * runs, whatever put the job there (two schedule tasks, a manual crawl, a job
 * retried because its worker looked dead but was only slow).
 *
 * PostgreSQL: a session advisory lock, held on one pooled connection for the
 * whole crawl. PostgreSQL drops it by itself when the holder's connection
 * ends, so a worker killed mid-crawl never leaves a target locked. The key
 * includes the current schema: locks are database-wide and test schemas
 * share a database.
 *
 * PGlite: one process owns the database, so an in-memory set is enough (the
 * advisory lock would also hold the single connection the crawl needs).
 */
export class TargetBusyError extends Error {
  constructor(readonly targetId: number) {
    super(`Target ${targetId} is being crawled by another job; this one will retry later.`);
    this.name = 'TargetBusyError';
  }
}

const localLocks = new WeakMap<object, Set<number>>();

export async function withTargetLock<T>(
  ctx: { db: Kysely<Database>; dialect: Dialect },
  targetId: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (ctx.dialect === 'pglite') {
    let held = localLocks.get(ctx.db);
    if (!held) localLocks.set(ctx.db, (held = new Set()));
    if (held.has(targetId)) throw new TargetBusyError(targetId);
    held.add(targetId);
    try {
      return await fn();
    } finally {
      held.delete(targetId);
    }
  }
  return ctx.db.connection().execute(async (conn) => {
    const key = sql`('x' || substr(md5(current_schema() || ':crawl-target:' || ${String(targetId)}), 1, 16))::bit(64)::bigint`;
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
    if (!got.rows[0]?.ok) throw new TargetBusyError(targetId);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn).catch(() => {});
    }
  });
}

/**
 * Called with the lock held: a run of this target still marked 'running' was
 * left by a queue worker that died (no live job can hold it, we do). A
 * 'running' run without a job id comes from `repwatch crawl` outside the
 * queue: while younger than staleAfterMs it is taken as alive (busy).
 * Returns the number of runs closed.
 */
export const ORPHAN_MESSAGE = 'The process running this crawl stopped before it finished';

export async function closeOrphanedRuns(db: Kysely<Database>, targetId: number, staleAfterMs: number, now = new Date()): Promise<number> {
  const cliRunning = await db
    .selectFrom('crawl_runs')
    .select('id')
    .where('target_id', '=', targetId)
    .where('status', '=', 'running')
    .where('job_id', 'is', null)
    .where('started_at', '>', new Date(now.getTime() - staleAfterMs))
    .executeTakeFirst();
  if (cliRunning) throw new TargetBusyError(targetId);
  const closed = await db
    .updateTable('crawl_runs')
    .set({ status: 'failed', finished_at: now, error_message: `${ORPHAN_MESSAGE}; the job was retried.` })
    .where('target_id', '=', targetId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(closed.numUpdatedRows);
}
