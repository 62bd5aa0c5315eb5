import type { AppContext } from '../core/context';
import { openJobQueue, type JobQueueOptions } from './queue/open';
import type { JobQueue } from './queue/types';
import { startScheduler, type RunningScheduler, type SchedulerOptions } from './scheduler/scheduler';
import { startWorker, type RunningWorker, type WorkerOptions } from './worker';

/**
 * `repwatch start`: any mix of API, worker and scheduler in one process,
 * sharing one queue. On the embedded PGlite database this is the only way to
 * run jobs (one process owns the database), so scheduler and worker belong
 * together there.
 */
export interface StartAllOptions extends JobQueueOptions {
  api: boolean;
  worker: boolean;
  scheduler: boolean;
  port?: number;
  host?: string;
  workerOptions?: Omit<WorkerOptions, 'queue'>;
  schedulerOptions?: Omit<SchedulerOptions, 'queue'>;
}

export interface RunningAll {
  queue: JobQueue | null;
  apiUrl: string | null;
  scheduler: RunningScheduler | null;
  worker: RunningWorker | null;
  stop(): Promise<void>;
}

export async function startAll(ctx: AppContext, opts: StartAllOptions): Promise<RunningAll> {
  if (ctx.dialect === 'pglite' && opts.scheduler && !opts.worker)
    ctx.logger.warn('on the embedded database jobs run only in the process that schedules them: start the worker here too (or use PostgreSQL)');
  const queue = opts.worker || opts.scheduler ? await openJobQueue(ctx, opts) : null;
  let worker: RunningWorker | null = null;
  let scheduler: RunningScheduler | null = null;
  let api: { url: string; close(): Promise<void> } | null = null;
  const stop = async () => {
    // Scheduler first (no new jobs), then the queue lets running jobs finish, then the API.
    await scheduler?.stop().catch((e: unknown) => ctx.logger.error({ err: (e as Error).message }, 'scheduler stop failed'));
    await worker?.stop().catch((e: unknown) => ctx.logger.error({ err: (e as Error).message }, 'worker stop failed'));
    await queue?.stop({ graceful: true, timeoutMs: opts.workerOptions?.stopTimeoutMs ?? 30_000 }).catch(() => {});
    await api?.close().catch(() => {});
  };
  try {
    if (queue && opts.worker) worker = await startWorker(ctx, { ...opts, ...opts.workerOptions, queue });
    if (queue && opts.scheduler) scheduler = await startScheduler(ctx, { ...opts, ...opts.schedulerOptions, queue });
    if (opts.api) {
      // Loaded only when wanted: a worker-only process does not need the API's modules.
      const { startWebServer } = await import('../dashboard/serve');
      api = await startWebServer(ctx, { port: opts.port ?? ctx.env.PORT, host: opts.host ?? ctx.env.HOST });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { queue, apiUrl: api?.url ?? null, scheduler, worker, stop };
}
