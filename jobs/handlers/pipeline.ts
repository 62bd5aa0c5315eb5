import type { AppContext } from '../../core/context';
import { pruneRawPages } from '../../crawlers/store/raw-pages';
import { deliverPendingAlerts } from '../alerts/deliver';
import { sendDigest } from '../alerts/digest';
import { evaluateAlerts } from '../alerts/evaluate';
import { processPendingReviews } from '../processing/process-reviews';
import { refreshRollups } from '../rollups/refresh-rollups';
import { JobTimeoutError } from '../queue/run-job';
import type { AlertsJobData, DigestJobData, JobHandler, JobQueue, ProcessJobData, RollupsJobData } from '../queue/types';

/**
 * The jobs after a crawl: processing (scores, themes, attributions, then the
 * rollup cells it touched), the scheduled full rollup refresh, alert
 * evaluation + webhook delivery, and the digest. Each is safe to run again:
 * processing commits batch by batch and skips what is done, rollups rebuild
 * under their own lock, alerts dedupe on their key.
 */
export interface PipelineHandlerOptions {
  /** Reviews per processing transaction (default: processPendingReviews' own). */
  processBatchSize?: number;
  /** Reviews per processing job; more left over goes into a follow-up job (default 20 000). */
  processLimit?: number;
  /** Runs inside each processing batch before its commit (crash tests slow processing down here). */
  beforeProcessCommit?: () => Promise<void>;
  /** Webhook request timeout and in-job retries (tests shorten them). */
  webhook?: { timeoutMs?: number; attempts?: number; backoffMs?: number };
}

export function processHandler(ctx: AppContext, queue: Pick<JobQueue, 'send'>, opts: PipelineHandlerOptions = {}): JobHandler<ProcessJobData> {
  const limit = opts.processLimit ?? 20_000;
  return async (job) => {
    const report = await processPendingReviews(ctx.db, {
      settings: ctx.settings,
      logger: job.logger,
      batchSize: opts.processBatchSize,
      limit,
      beforeCommit: async () => {
        await opts.beforeProcessCommit?.();
        // Throwing here rolls the batch back: a job past its deadline stops between batches with nothing half-written.
        if (job.signal.aborted) throw job.signal.reason instanceof Error ? job.signal.reason : new JobTimeoutError('process', 0);
      },
    });
    const rollups = !report.touched.isEmpty ? await refreshRollups(ctx.db, { settings: ctx.settings, touched: report.touched, logger: job.logger }) : null;
    if (report.processed >= limit) await queue.send('process', { afterRun: job.data.afterRun });
    return { processed: report.processed, quarantined: report.quarantined, batches: report.batches, touchedReviews: report.touched.size, rollups: rollups?.mode ?? null };
  };
}

/**
 * The scheduled refresh also does the housekeeping that has no schedule of its
 * own: raw pages older than settings.crawl.rawPageRetentionDays are dropped
 * (reviews and their versions are never touched; only `reparse` needs raw pages).
 */
export function rollupsHandler(ctx: AppContext): JobHandler<RollupsJobData> {
  return async (job) => {
    const report = await refreshRollups(ctx.db, { settings: ctx.settings, touched: 'all', logger: job.logger });
    const rawPagesPruned = await pruneRawPages(ctx.db, ctx.settings.crawl.rawPageRetentionDays);
    if (rawPagesPruned) job.logger.info({ rawPagesPruned, retentionDays: ctx.settings.crawl.rawPageRetentionDays }, 'old raw pages pruned');
    return { mode: report.mode, rows: report.rowsWritten, ms: report.ms, rawPagesPruned };
  };
}

export function alertsHandler(ctx: AppContext, opts: PipelineHandlerOptions = {}): JobHandler<AlertsJobData> {
  return async (job) => {
    const evaluated = await evaluateAlerts({ ...ctx, logger: job.logger });
    const delivered = await deliverPendingAlerts({ ...ctx, logger: job.logger }, { ...opts.webhook, signal: job.signal });
    return { raised: evaluated.raised, delivered: delivered.delivered, failed: delivered.failed };
  };
}

export function digestHandler(ctx: AppContext, opts: PipelineHandlerOptions = {}): JobHandler<DigestJobData> {
  return async (job) => {
    const result = await sendDigest({ ...ctx, logger: job.logger }, { days: job.data.days ?? 7, ...opts.webhook, signal: job.signal });
    // A webhook that refused the digest: fail the job so the queue retries it with backoff.
    if (result.failed > 0) throw new Error(`The digest could not be delivered to ${result.failed} webhook(s): ${result.errors.join('; ')}`);
    return result;
  };
}
