import type { Logger } from '../../core/logger';
import { jobDuration, jobWait } from '../metrics';
import { handlerTimeoutMs, type QueuePolicy } from './definitions';
import type { JobHandler, QueueName } from './types';

/**
 * Runs one job for either queue implementation: a child logger carrying the
 * job id and queue (and the target of a crawl), a deadline that aborts the
 * handler's signal just before the queue would expire the job, and the
 * latency metrics. Throws what the handler threw (the queue then retries).
 */
export class JobTimeoutError extends Error {
  constructor(queue: string, ms: number) {
    super(`The ${queue} job did not finish within ${Math.round(ms / 1000)} s.`);
    this.name = 'JobTimeoutError';
  }
}

export interface JobRun<T> {
  id: string;
  queue: QueueName;
  data: T;
  retryCount: number;
  createdOn?: Date | null;
  policy: Pick<QueuePolicy, 'expireInSeconds'>;
  logger: Logger;
  handler: JobHandler<T>;
  /** Aborted when the worker stops without waiting. */
  stopSignal?: AbortSignal;
}

export async function runJob<T>(run: JobRun<T>): Promise<unknown> {
  const started = Date.now();
  const targetId = (run.data as { targetId?: unknown } | null)?.targetId;
  const logger = run.logger.child({ job: run.id, queue: run.queue, ...(typeof targetId === 'number' ? { target: targetId } : {}) });
  const controller = new AbortController();
  const timeoutMs = handlerTimeoutMs(run.policy);
  let rejectTimeout: (e: Error) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (rejectTimeout = reject));
  // A handler that ignores its signal still gives the worker back at the deadline.
  aborted.catch(() => {});
  const timer = setTimeout(() => {
    const error = new JobTimeoutError(run.queue, timeoutMs);
    controller.abort(error);
    rejectTimeout(error);
  }, timeoutMs);
  const onStop = () => {
    const error = new Error('The worker stopped before this job finished.');
    controller.abort(error);
    rejectTimeout(error);
  };
  if (run.stopSignal?.aborted) onStop();
  else run.stopSignal?.addEventListener('abort', onStop, { once: true });

  if (run.retryCount === 0 && run.createdOn) jobWait.observe({ queue: run.queue }, Math.max(0, started - new Date(run.createdOn).getTime()) / 1000);
  logger.info({ retryCount: run.retryCount, pid: process.pid }, 'job started');
  try {
    const result = await Promise.race([run.handler({ id: run.id, queue: run.queue, data: run.data, retryCount: run.retryCount, signal: controller.signal, logger }), aborted]);
    const ms = Date.now() - started;
    jobDuration.observe({ queue: run.queue, outcome: 'ok' }, ms / 1000);
    logger.info({ ms, pid: process.pid }, 'job finished');
    return result;
  } catch (error) {
    const ms = Date.now() - started;
    jobDuration.observe({ queue: run.queue, outcome: 'failed' }, ms / 1000);
    logger.warn({ ms, err: (error as Error).message, retryCount: run.retryCount, pid: process.pid }, 'job failed');
    throw error;
  } finally {
    clearTimeout(timer);
    run.stopSignal?.removeEventListener('abort', onStop);
  }
}
