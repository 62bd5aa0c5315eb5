import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AppContext } from '../core/context';
import { metricsRoutes } from '../api/metrics';
import { defaultConcurrency, registerHandlers, type HandlerOptions } from './handlers/index';
import { openJobQueue, type JobQueueOptions } from './queue/open';
import { QUEUE_NAMES, type JobQueue, type QueueName } from './queue/types';

/**
 * `repwatch worker`: takes jobs off the queue and runs them. On PostgreSQL
 * start as many as you like, on as many machines as you like; each one runs
 * up to `concurrency` jobs per queue. A worker has no API, so it can serve its
 * own /metrics (metricsPort) for Prometheus to scrape.
 */
export interface WorkerOptions extends JobQueueOptions, HandlerOptions {
  /** A queue to work (startAll shares one with the scheduler); otherwise one is opened and closed with the worker. */
  queue?: JobQueue;
  concurrency?: Partial<Record<QueueName, number>>;
  metricsPort?: number;
  metricsHost?: string;
  /** How long stop() waits for running jobs before aborting them (default 30 s). */
  stopTimeoutMs?: number;
}

export interface RunningWorker {
  readonly queue: JobQueue;
  /** Where this worker's /metrics is served, when metricsPort was given. */
  readonly metricsUrl: string | null;
  stop(): Promise<void>;
}

export async function startWorker(ctx: AppContext, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const concurrency = { ...defaultConcurrency, ...opts.concurrency };
  const total = QUEUE_NAMES.reduce((n, q) => n + concurrency[q], 0);
  const ownQueue = !opts.queue;
  // Each pg-boss polling loop may hold a connection while it fetches or completes a job.
  const queue = opts.queue ?? (await openJobQueue(ctx, { ...opts, poolSize: opts.poolSize ?? Math.max(4, total + 2) }));
  await registerHandlers(queue, ctx, { ...opts, concurrency });

  let metrics: { url: string; close(): Promise<void> } | null = null;
  if (opts.metricsPort !== undefined) metrics = await serveMetrics(ctx, opts.metricsPort, opts.metricsHost ?? ctx.env.HOST, opts.bossSchema);
  ctx.logger.info({ queue: queue.kind, concurrency, metrics: metrics?.url ?? null, pid: process.pid }, 'worker ready');

  let stopped = false;
  return {
    queue,
    metricsUrl: metrics?.url ?? null,
    async stop() {
      if (stopped) return;
      stopped = true;
      // An owned queue stops here; a shared one is stopped by whoever opened it (startAll), after the scheduler.
      if (ownQueue) await queue.stop({ graceful: true, timeoutMs: opts.stopTimeoutMs ?? 30_000 });
      await metrics?.close();
      ctx.logger.info('worker stopped');
    },
  };
}

async function serveMetrics(ctx: AppContext, port: number, host: string, bossSchema?: string) {
  const app = metricsRoutes(ctx, { bossSchema, token: ctx.env.REPWATCH_METRICS_TOKEN });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      resolve({
        url: `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}/metrics`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
