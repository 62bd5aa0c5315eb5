import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { runCrawl } from '../../crawlers/engine/run-crawl';
import type { EngineTuning } from '../../crawlers/engine/types';
import { crawlPages, crawlRuns, reviewsStored } from '../metrics';
import { queuePolicies, type QueueTuning } from '../queue/definitions';
import { JobTimeoutError } from '../queue/run-job';
import type { CrawlJobData, JobHandler, JobQueue } from '../queue/types';
import { closeOrphanedRuns, withTargetLock } from './target-lock';

/**
 * The crawl job: one target, under its lock. Runs left 'running' by a dead
 * worker are closed first; the crawl itself is the engine's runCrawl with
 * the job's abort signal, and its crawl_runs row carries the job id. New or
 * changed reviews put a processing job on the queue (stately: one waiting
 * processing job covers every crawl that finishes meanwhile).
 */
export interface CrawlHandlerOptions {
  tuning?: QueueTuning;
  /** Engine knobs (tests and benchmarks shorten backoffs). */
  engineTuning?: Partial<EngineTuning>;
}

export interface CrawlJobResult {
  runId?: number;
  status?: string;
  pages?: number;
  reviewsNew?: number;
  reviewsChanged?: number;
  orphansClosed?: number;
  skipped?: string;
}

export function crawlHandler(ctx: AppContext, queue: Pick<JobQueue, 'send'>, opts: CrawlHandlerOptions = {}): JobHandler<CrawlJobData> {
  const staleAfterMs = queuePolicies(opts.tuning).crawl.expireInSeconds * 1000;
  return async (job): Promise<CrawlJobResult> => {
    const { targetId, mode } = job.data;
    const target = await ctx.db.selectFrom('targets').select(['id', 'enabled']).where('id', '=', targetId).executeTakeFirst();
    // A target removed or disabled after the job was queued: nothing to retry.
    if (!target) return { skipped: 'target no longer exists' };
    if (!target.enabled && job.data.slot) return { skipped: 'target disabled' };

    return withTargetLock(ctx, targetId, async () => {
      const orphansClosed = await closeOrphanedRuns(ctx.db, targetId, staleAfterMs);
      if (orphansClosed) job.logger.warn({ orphansClosed }, 'closed crawl runs left running by a stopped worker');
      let summaries;
      try {
        summaries = await runCrawl(
          { db: ctx.db, settings: ctx.settings, env: ctx.env, logger: job.logger, sites: ctx.config?.sites ?? [] },
          { targetIds: [targetId], mode, signal: job.signal, jobId: job.id, tuning: opts.engineTuning },
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return { skipped: 'target no longer exists', orphansClosed };
        // A missing browser is a deployment problem that no retry fixes; the log says what to install.
        if (error instanceof AppError && error.code === 'BROWSER_MISSING') {
          job.logger.error({ err: error.message }, 'crawl skipped');
          return { skipped: error.message, orphansClosed };
        }
        throw error;
      }
      const run = summaries[0];
      if (!run) return { skipped: 'nothing crawled', orphansClosed };
      crawlPages.inc({ source: run.source }, run.pages);
      reviewsStored.inc({ source: run.source }, run.reviewsNew);
      crawlRuns.inc({ source: run.source, status: run.status });
      job.logger.info({ run: run.runId, status: run.status, pages: run.pages, new: run.reviewsNew, changed: run.reviewsChanged }, 'crawl job done');
      // What was stored stays stored, but a crawl cut short by its deadline is retried.
      if (job.signal.aborted) throw job.signal.reason instanceof Error ? job.signal.reason : new JobTimeoutError('crawl', staleAfterMs);
      if (run.reviewsNew + run.reviewsChanged > 0) await queue.send('process', { afterRun: run.runId });
      return { runId: run.runId, status: run.status, pages: run.pages, reviewsNew: run.reviewsNew, reviewsChanged: run.reviewsChanged, orphansClosed };
    });
  };
}
