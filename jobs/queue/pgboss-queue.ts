import PgBoss from 'pg-boss';
import type { Logger } from '../../core/logger';
import { queuePolicies, type QueueTuning } from './definitions';
import { runJob } from './run-job';
import { QUEUE_NAMES, type JobQueue, type QueueName } from './types';

/**
 * The queue on PostgreSQL: pg-boss. Jobs live in pg-boss's own schema; any
 * number of processes on any number of machines send and work against it.
 * A worker that dies leaves its jobs 'active' until they expire; pg-boss's
 * maintenance (run by whichever instance gets to it first) then fails them
 * into a retry, and another worker picks them up. Completed and failed jobs
 * move to pg-boss's archive table, which is the job history.
 */
export interface PgBossQueueOptions {
  connectionString: string;
  /** Schema of pg-boss's tables (default "pgboss"; tests use one per test schema). */
  schema?: string;
  logger: Logger;
  tuning?: QueueTuning;
  /** How often an idle worker asks for a job (default 2 s; at least 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed into retries and finished ones archived (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** Connections of pg-boss's own pool (default 4; add the worker's total concurrency). */
  poolSize?: number;
}

export const DEFAULT_BOSS_SCHEMA = 'pgboss';

export interface PgBossQueue extends JobQueue {
  readonly boss: PgBoss;
  readonly schema: string;
}

export async function createPgBossQueue(opts: PgBossQueueOptions): Promise<PgBossQueue> {
  const policies = queuePolicies(opts.tuning);
  const schema = opts.schema ?? DEFAULT_BOSS_SCHEMA;
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema,
    max: opts.poolSize ?? 4,
    application_name: 'repwatch-jobs',
    // Cron is node-cron's job here (jobs/scheduler): pg-boss's own scheduler stays off.
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    // Job history: finished jobs stay in the job table a day, then in the archive two weeks.
    archiveCompletedAfterSeconds: 86_400,
    deleteAfterDays: 14,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
  });
  boss.on('error', (error: Error) => opts.logger.error({ err: error.message }, 'pg-boss error'));
  await boss.start();
  for (const name of QUEUE_NAMES) {
    const p = policies[name];
    const options = { name, policy: p.policy, retryLimit: p.retryLimit, retryDelay: p.retryDelaySeconds, retryBackoff: p.retryBackoff, expireInSeconds: p.expireInSeconds };
    await retryOnDeadlock(() => boss.createQueue(name, options));
    // createQueue leaves an existing queue alone: bring its settings up to date.
    await retryOnDeadlock(() => boss.updateQueue(name, options));
  }

  const stopController = new AbortController();
  const workerIds: string[] = [];

  const queue: PgBossQueue = {
    kind: 'pg-boss',
    boss,
    schema,
    async send(name, data, options = {}) {
      const p = policies[name];
      return boss.send(name, data as object, {
        ...(options.id ? { id: options.id } : {}),
        singletonKey: options.singletonKey ?? p.singletonKey,
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        retryLimit: p.retryLimit,
        retryDelay: p.retryDelaySeconds,
        retryBackoff: p.retryBackoff,
        expireInSeconds: p.expireInSeconds,
      });
    },
    async work(name, handler, options = {}) {
      const p = policies[name];
      // pg-boss v10 has no team size: each work() call is one polling loop running one job at a time.
      for (let i = 0; i < Math.max(1, options.concurrency ?? 1); i++) {
        const loop: { id?: string } = {};
        loop.id = await boss.work<never>(
          name,
          { batchSize: 1, includeMetadata: true },
          async ([job]) => {
            if (!job) return null;
            // A loop that found a job asks again at once instead of sleeping out the polling interval:
            // pg-boss v10 otherwise drains a backlog of short jobs one per interval per loop.
            if (loop.id) boss.notifyWorker(loop.id);
            return runJob({
              id: job.id,
              queue: name as QueueName,
              data: job.data,
              retryCount: job.retryCount,
              createdOn: job.createdOn,
              policy: p,
              logger: opts.logger,
              handler,
              stopSignal: stopController.signal,
            });
          },
        );
        workerIds.push(loop.id);
      }
    },
    async depth() {
      const out = {} as Record<QueueName, number>;
      for (const name of QUEUE_NAMES) out[name] = await boss.getQueueSize(name);
      return out;
    },
    async stop(options = {}) {
      const graceful = options.graceful ?? true;
      if (!graceful) stopController.abort();
      // pg-boss waits for running handlers up to timeout, then closes its pool.
      await boss.stop({ graceful, wait: true, close: true, timeout: options.timeoutMs ?? 30_000 });
      stopController.abort();
    },
  };
  return queue;
}

/**
 * Several processes starting at once (schedulers and workers of a fresh
 * deployment) create the same queues at the same moment; PostgreSQL may pick
 * one of them as a deadlock victim. The statement is safe to repeat, so try
 * again after a short random pause instead of failing the start-up.
 */
async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((r) => setTimeout(r, 50 * i + Math.random() * 100));
    }
  }
}
