import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import { listLocalJobs, localQueueDepth } from './local-store';
import { DEFAULT_BOSS_SCHEMA } from './pgboss-queue';
import type { JobRecord, JobState } from './types';

/**
 * Job history and queue depth read straight from the database, so any
 * process can show them (`repwatch status`, the API, /metrics) without
 * starting a queue: pg-boss's job and archive tables on PostgreSQL, the
 * in-process runner's local_jobs on PGlite.
 */
export interface HistoryOptions {
  /** pg-boss schema (default "pgboss"). */
  bossSchema?: string;
}

type Ctx = Pick<AppContext, 'db' | 'dialect'>;

async function bossInstalled(ctx: Ctx, schema: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${`${schema}.job`})::text as t`.execute(ctx.db);
  return r.rows[0]?.t != null;
}

export async function listRecentJobs(ctx: Ctx, limit = 50, opts: HistoryOptions = {}): Promise<JobRecord[]> {
  const n = Math.max(1, Math.min(1000, Math.floor(limit)));
  if (ctx.dialect === 'pglite') return listLocalJobs(ctx.db, n);
  const schema = opts.bossSchema ?? DEFAULT_BOSS_SCHEMA;
  if (!(await bossInstalled(ctx, schema))) return [];
  const cols = sql.raw(
    'id::text as id, name, state::text as state, data, singleton_key, retry_count, created_on, started_on, completed_on, output',
  );
  const rows = await sql<{
    id: string;
    name: string;
    state: JobState;
    data: Record<string, unknown> | null;
    singleton_key: string | null;
    retry_count: number;
    created_on: Date;
    started_on: Date | null;
    completed_on: Date | null;
    output: unknown;
  }>`
    select * from (
      (select ${cols} from ${sql.table(`${schema}.job`)} order by created_on desc limit ${n})
      union all
      (select ${cols} from ${sql.table(`${schema}.archive`)} order by created_on desc limit ${n})
    ) j order by created_on desc, id limit ${n}`.execute(ctx.db);
  return rows.rows.map((r) => ({
    id: r.id,
    queue: r.name,
    state: r.state,
    data: r.data ?? {},
    singletonKey: r.singleton_key,
    retryCount: r.retry_count,
    createdOn: new Date(r.created_on),
    startedOn: r.started_on ? new Date(r.started_on) : null,
    completedOn: r.completed_on ? new Date(r.completed_on) : null,
    output: r.output,
  }));
}

/** Jobs waiting (created or waiting to retry) and running, per queue. */
export async function queueDepths(ctx: Ctx, opts: HistoryOptions = {}): Promise<{ waiting: Record<string, number>; active: Record<string, number> }> {
  if (ctx.dialect === 'pglite') return localQueueDepth(ctx.db);
  const schema = opts.bossSchema ?? DEFAULT_BOSS_SCHEMA;
  if (!(await bossInstalled(ctx, schema))) return { waiting: {}, active: {} };
  const rows = await sql<{ name: string; state: string; n: number }>`
    select name, state::text as state, count(*) as n from ${sql.table(`${schema}.job`)}
    where state in ('created', 'retry', 'active') and name not like '\\_\\_%' group by name, state`.execute(ctx.db);
  const waiting: Record<string, number> = {};
  const active: Record<string, number> = {};
  for (const r of rows.rows) {
    const into = r.state === 'active' ? active : waiting;
    into[r.name] = (into[r.name] ?? 0) + Number(r.n);
  }
  return { waiting, active };
}
