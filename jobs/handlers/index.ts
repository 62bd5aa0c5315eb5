import type { AppContext } from '../../core/context';
import type { JobQueue, QueueName } from '../queue/types';
import { crawlHandler, type CrawlHandlerOptions } from './crawl';
import { alertsHandler, digestHandler, processHandler, rollupsHandler, type PipelineHandlerOptions } from './pipeline';

/** Registers every job handler on a queue: what a worker is. */
export type HandlerOptions = CrawlHandlerOptions & PipelineHandlerOptions;

/** Jobs of each queue one worker process runs at once. */
export const defaultConcurrency: Record<QueueName, number> = { crawl: 2, process: 1, rollups: 1, alerts: 1, digest: 1 };

export async function registerHandlers(
  queue: JobQueue,
  ctx: AppContext,
  opts: HandlerOptions & { concurrency?: Partial<Record<QueueName, number>> } = {},
): Promise<void> {
  const c = { ...defaultConcurrency, ...opts.concurrency };
  await queue.work('crawl', crawlHandler(ctx, queue, opts), { concurrency: c.crawl });
  await queue.work('process', processHandler(ctx, queue, opts), { concurrency: c.process });
  await queue.work('rollups', rollupsHandler(ctx), { concurrency: c.rollups });
  await queue.work('alerts', alertsHandler(ctx, opts), { concurrency: c.alerts });
  await queue.work('digest', digestHandler(ctx, opts), { concurrency: c.digest });
}

export { TargetBusyError, withTargetLock } from './target-lock';
