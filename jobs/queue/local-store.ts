import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../core/logger';
import type { Database } from '../../db/types';
import type { JobRecord, JobState } from './types';

/**
 * Where the in-process runner writes its jobs (table local_jobs, migration
 * 2026-11-22T02): the job history `repwatch status` and the API show, and the
 * jobs to pick up again after a restart. Writes go one after another through
 * a chain so a burst of state changes never piles onto PGlite's single
 * connection; a failed write is logged, never fatal to the job.
 */
export interface LocalJobsTable {
  id: string;
  queue: string;
  data: string;
  state: JobState;
  singleton_key: string | null;
  retry_count: number;
  retry_limit: number;
  start_after: Date | string;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
  output: string | null;
}

export type LocalDb = Kysely<Database & { local_jobs: LocalJobsTable }>;

export function localDb(db: Kysely<Database>): LocalDb {
  return db.withTables<{ local_jobs: LocalJobsTable }>();
}

export interface StoredJob {
  id: string;
  queue: string;
  data: unknown;
  state: JobState;
  singletonKey: string | null;
  retryCount: number;
  retryLimit: number;
  startAfter: Date;
  createdOn: Date;
}

export class LocalJobStore {
  private chain: Promise<void> = Promise.resolve();
  private readonly db: LocalDb;

  constructor(
    db: Kysely<Database>,
    private readonly logger: Logger,
  ) {
    this.db = localDb(db);
  }

  /** Inserts a new job; false when a job with this id already exists (it was sent before). */
  async insert(job: StoredJob): Promise<boolean> {
    const run = async () => {
      const rows = await this.db
        .insertInto('local_jobs')
        .values({
          id: job.id,
          queue: job.queue,
          data: JSON.stringify(job.data ?? {}),
          state: job.state,
          singleton_key: job.singletonKey,
          retry_count: job.retryCount,
          retry_limit: job.retryLimit,
          start_after: job.startAfter,
          created_on: job.createdOn,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      return rows.length === 1;
    };
    // Sends are awaited by their caller (dedupe needs the answer), but still take their turn in the chain.
    const result = this.chain.then(run);
    this.chain = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  update(id: string, values: Partial<Pick<LocalJobsTable, 'state' | 'retry_count' | 'start_after' | 'started_on' | 'completed_on' | 'output'>>): void {
    this.chain = this.chain
      .then(async () => {
        await this.db.updateTable('local_jobs').set(values).where('id', '=', id).execute();
      })
      .catch((error: unknown) => this.logger.warn({ job: id, err: (error as Error).message }, 'could not record a job state'));
  }

  /** Resolves once every write so far has been made. */
  flush(): Promise<void> {
    return this.chain;
  }

  /** Jobs a previous process left waiting or running; running ones are taken as interrupted. */
  async unfinished(): Promise<StoredJob[]> {
    const rows = await this.db.selectFrom('local_jobs').selectAll().where('state', 'in', ['created', 'retry', 'active']).orderBy('created_on').execute();
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
      state: r.state === 'active' ? 'retry' : r.state,
      singletonKey: r.singleton_key,
      retryCount: r.retry_count,
      retryLimit: r.retry_limit,
      startAfter: new Date(r.start_after),
      createdOn: new Date(r.created_on),
    }));
  }

  async prune(olderThanDays: number): Promise<void> {
    await this.db
      .deleteFrom('local_jobs')
      .where('state', 'in', ['completed', 'failed', 'cancelled'])
      .where('completed_on', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
      .execute();
  }
}

export async function listLocalJobs(db: Kysely<Database>, limit: number): Promise<JobRecord[]> {
  const rows = await localDb(db).selectFrom('local_jobs').selectAll().orderBy('created_on', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    queue: r.queue,
    state: r.state,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    singletonKey: r.singleton_key,
    retryCount: r.retry_count,
    createdOn: new Date(r.created_on),
    startedOn: r.started_on ? new Date(r.started_on) : null,
    completedOn: r.completed_on ? new Date(r.completed_on) : null,
    output: typeof r.output === 'string' ? JSON.parse(r.output) : r.output,
  }));
}

export async function localQueueDepth(db: Kysely<Database>): Promise<{ waiting: Record<string, number>; active: Record<string, number> }> {
  const rows = await localDb(db)
    .selectFrom('local_jobs')
    .select(['queue', 'state', sql<number>`count(*)`.as('n')])
    .where('state', 'in', ['created', 'retry', 'active'])
    .groupBy(['queue', 'state'])
    .execute();
  const waiting: Record<string, number> = {};
  const active: Record<string, number> = {};
  for (const r of rows) {
    const into = r.state === 'active' ? active : waiting;
    into[r.queue] = (into[r.queue] ?? 0) + Number(r.n);
  }
  return { waiting, active };
}
