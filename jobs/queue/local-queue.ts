import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger';
import type { Database } from '../../db/types';
import { queuePolicies, retryDelayMs, type QueuePolicy, type QueueTuning } from './definitions';
import { LocalJobStore, type StoredJob } from './local-store';
import { runJob } from './run-job';
import { QUEUE_NAMES, type JobHandler, type JobQueue, type QueueName } from './types';

/**
 * The in-process job runner for the embedded PGlite database, where only one
 * process can open the database anyway. Same interface and the same rules as
 * the pg-boss queue: retries with exponential backoff, a timeout per job,
 * 'stately' queues keep at most one waiting job per key, and — for every
 * queue — two jobs with the same singleton key never run at once (so one crawl
 * per target at a time). Jobs are recorded in local_jobs for the history and
 * picked up again after a restart. This is the only local queue in repwatch:
 * on PostgreSQL the queue is pg-boss.
 */
export interface LocalQueueOptions {
  /** Where the history goes; without it (unit tests) jobs live in memory only. */
  db?: Kysely<Database>;
  logger: Logger;
  tuning?: QueueTuning;
}

interface LocalJob extends StoredJob {
  queue: QueueName;
}

interface Registration {
  handler: JobHandler<unknown>;
  concurrency: number;
}

/** Ids of recently sent jobs, for dedupe when there is no table to ask. */
const REMEMBERED_IDS = 10_000;

export interface LocalQueue extends JobQueue {
  /** Resolves when nothing is waiting or running (tests, `repwatch demo`). */
  idle(): Promise<void>;
}

export async function createLocalQueue(opts: LocalQueueOptions): Promise<LocalQueue> {
  const policies = queuePolicies(opts.tuning);
  const store = opts.db ? new LocalJobStore(opts.db, opts.logger) : null;
  const waiting = new Map<string, LocalJob>();
  const active = new Map<string, LocalJob>();
  const seen = new Set<string>();
  const workers = new Map<QueueName, Registration>();
  const running = new Map<QueueName, number>();
  const inFlight = new Set<Promise<void>>();
  const stopController = new AbortController();
  let stopped = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let idleWaiters: (() => void)[] = [];

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
  };

  if (store) {
    await store.prune(14).catch(() => {});
    for (const job of await store.unfinished()) {
      if (!(QUEUE_NAMES as readonly string[]).includes(job.queue)) continue;
      waiting.set(job.id, { ...job, queue: job.queue as QueueName });
      remember(job.id);
    }
  }

  const keyBusy = (key: string | null) => key !== null && [...active.values()].some((j) => j.singletonKey === key);

  const checkIdle = () => {
    if (waiting.size || active.size) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** Starts every job that may start now, then sleeps until the next one becomes due. */
  const dispatch = () => {
    if (stopped) return;
    clearTimeout(wakeTimer);
    const now = Date.now();
    let nextDue = Number.POSITIVE_INFINITY;
    const ordered = [...waiting.values()].sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime());
    for (const job of ordered) {
      const reg = workers.get(job.queue);
      if (!reg) continue;
      if (job.startAfter.getTime() > now) {
        nextDue = Math.min(nextDue, job.startAfter.getTime());
        continue;
      }
      if ((running.get(job.queue) ?? 0) >= reg.concurrency || keyBusy(job.singletonKey)) continue;
      start(job, reg);
    }
    if (Number.isFinite(nextDue)) {
      wakeTimer = setTimeout(dispatch, Math.max(10, nextDue - now));
      wakeTimer.unref?.();
    }
    checkIdle();
  };

  const start = (job: LocalJob, reg: Registration) => {
    const policy: QueuePolicy = policies[job.queue];
    waiting.delete(job.id);
    active.set(job.id, job);
    running.set(job.queue, (running.get(job.queue) ?? 0) + 1);
    job.state = 'active';
    store?.update(job.id, { state: 'active', started_on: new Date(), retry_count: job.retryCount });
    const done = runJob({
      id: job.id,
      queue: job.queue,
      data: job.data,
      retryCount: job.retryCount,
      createdOn: job.createdOn,
      policy,
      logger: opts.logger,
      handler: reg.handler,
      stopSignal: stopController.signal,
    }).then(
      (output) => {
        job.state = 'completed';
        store?.update(job.id, { state: 'completed', completed_on: new Date(), output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        // Interrupted by stop(): left 'active' in the table, so the next start picks it up again.
        if (stopController.signal.aborted) return;
        const output = JSON.stringify({ message: (error as Error)?.message ?? String(error) });
        if (job.retryCount < job.retryLimit) {
          job.state = 'retry';
          job.startAfter = new Date(Date.now() + retryDelayMs(policy, job.retryCount));
          job.retryCount++;
          waiting.set(job.id, job);
          store?.update(job.id, { state: 'retry', start_after: job.startAfter, output });
        } else {
          job.state = 'failed';
          store?.update(job.id, { state: 'failed', completed_on: new Date(), output });
        }
      },
    );
    const tracked = done.finally(() => {
      active.delete(job.id);
      running.set(job.queue, (running.get(job.queue) ?? 1) - 1);
      inFlight.delete(tracked);
      dispatch();
    });
    inFlight.add(tracked);
  };

  const queue: LocalQueue = {
    kind: 'local',
    async send(name, data, options = {}) {
      if (stopped) throw new Error('The job queue is stopped.');
      const policy = policies[name];
      const id = options.id ?? randomUUID();
      const singletonKey = options.singletonKey ?? policy.singletonKey ?? null;
      if (seen.has(id) || waiting.has(id) || active.has(id)) return null;
      if (policy.policy === 'stately' && singletonKey !== null && [...waiting.values()].some((j) => j.queue === name && j.singletonKey === singletonKey)) return null;
      const now = new Date();
      const job: LocalJob = {
        id,
        queue: name,
        data,
        state: 'created',
        singletonKey,
        retryCount: 0,
        retryLimit: policy.retryLimit,
        startAfter: new Date(now.getTime() + (options.startAfterSeconds ?? 0) * 1000),
        createdOn: now,
      };
      remember(id);
      // The table knows ids sent before a restart, which the memory does not.
      if (store && !(await store.insert(job))) return null;
      waiting.set(id, job);
      queueMicrotask(dispatch);
      return id;
    },
    async work(name, handler, options = {}) {
      workers.set(name, { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, options.concurrency ?? 1) });
      queueMicrotask(dispatch);
    },
    async depth() {
      const out = Object.fromEntries(QUEUE_NAMES.map((n) => [n, 0])) as Record<QueueName, number>;
      for (const j of waiting.values()) out[j.queue]++;
      return out;
    },
    async stop(options = {}) {
      stopped = true;
      clearTimeout(wakeTimer);
      const graceful = options.graceful ?? true;
      if (graceful && inFlight.size) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, options.timeoutMs ?? 30_000)))]);
        clearTimeout(timer);
      }
      stopController.abort();
      await Promise.allSettled([...inFlight]);
      await store?.flush();
    },
    idle() {
      if (!waiting.size && !active.size) return store ? store.flush() : Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve)).then(() => store?.flush());
    },
  };
  return queue;
}
