import { sql, type Kysely } from 'kysely';
import type { Settings } from '../../core/config/schema';
import type { Logger } from '../../core/logger';
import {
  claimPendingReviews,
  loadAttributionRules,
  loadRoster,
  writeProcessedBatch,
  type BatchWrite,
  type PendingReview,
} from '../../db/queries/processing';
import type { Database } from '../../db/types';
import { buildAttributionContext } from '../../processing/pipeline/attribution-context';
import { processReview, type PipelineContext } from '../../processing/pipeline/process-review';
import { loadThemeLexicon } from '../../processing/themes';
import { TouchedReviews } from '../rollups/touched';

/**
 * The processing job: every review waiting in processing_queue (new, or its
 * content changed since it was last processed: triggers on reviews queue it)
 * gets scores, themes and attributions.
 *
 * Each batch is claimed, computed and written in ONE transaction together with
 * the removal of its queue rows: killed at any point, the database is as if the batch never
 * started, and the next run redoes exactly that batch. Claims use
 * FOR UPDATE SKIP LOCKED, so two runs (or the lanes of one) never take the same
 * reviews. `concurrency` lanes run side by side: while one batch's writes run
 * in PostgreSQL, the next batch is computed in JS. On PGlite (one connection)
 * the lanes simply take turns.
 *
 * A review whose processing throws is quarantined (processing_quarantine, with
 * reason and content hash) and leaves the queue, so it is not retried until
 * its content changes. If a batch's writes fail on bad data
 * (SQLSTATE class 22/23), the batch is redone one review per transaction and
 * only the offending review is quarantined.
 */
export const SCORER_VERSION = 1;

export interface ProcessPendingOptions {
  settings: Pick<Readonly<Settings>, 'scoring'>;
  logger?: Logger;
  batchSize?: number;
  /** Stop after this many reviews. */
  limit?: number;
  scorerVersion?: number;
  /** Batches in flight at once (default 2). */
  concurrency?: number;
  /** Runs inside a batch's transaction after its writes, before its commit (crash tests hook in here). */
  beforeCommit?: (info: { batch: number; reviews: number }) => void | Promise<void>;
}

export interface ProcessPendingResult {
  processed: number;
  quarantined: number;
  /** Machine attributions written, by status. */
  attributions: { auto: number; pending: number };
  /** Reviews whose rollup inputs changed: pass to refreshRollups. */
  touched: TouchedReviews;
  batches: number;
  ms: number;
}

interface BatchOutcome {
  write: BatchWrite;
  touched: TouchedReviews;
}

class BatchFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly claimed: PendingReview[],
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

function computeBatch(reviews: PendingReview[], ctx: PipelineContext, scorerVersion: number): BatchOutcome {
  const threshold = ctx.attribution.reviewThreshold;
  const write: BatchWrite = { scorerVersion, reviews: [], scores: [], themes: [], attributions: [], quarantined: [] };
  // Rollups re-count each review's old contribution and its new one, so the ids are all they need.
  const touched = new TouchedReviews();
  for (const review of reviews) {
    write.reviews.push({ id: review.id, contentHash: review.contentHash, hasDerived: review.hasDerived });
    const profilePersonId = review.entityKind === 'person' ? review.personId : null;
    try {
      const out = processReview({ ...review, profilePersonId }, ctx);
      write.scores.push({ reviewId: review.id, ...out.score });
      for (const t of out.themes) write.themes.push({ reviewId: review.id, ...t });
      for (const a of out.attributions) {
        write.attributions.push({
          reviewId: review.id,
          personId: a.personId,
          method: a.method,
          confidence: a.confidence,
          evidence: a.evidence,
          status: a.confidence >= threshold && !a.needsReview ? 'auto' : 'pending',
        });
      }
    } catch (error) {
      write.quarantined.push({ reviewId: review.id, contentHash: review.contentHash, reason: `processing failed: ${(error as Error).message}`.slice(0, 1000) });
    }
    touched.add(review.id);
  }
  return { write, touched };
}

export async function processPendingReviews(db: Kysely<Database>, options: ProcessPendingOptions): Promise<ProcessPendingResult> {
  const started = performance.now();
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const scorerVersion = options.scorerVersion ?? SCORER_VERSION;
  const { scoring } = options.settings;
  const ctx: PipelineContext = {
    attribution: buildAttributionContext(await loadRoster(db), await loadAttributionRules(db), scoring.attributionReviewThreshold),
    lexicon: loadThemeLexicon(scoring.themes),
  };

  const result: ProcessPendingResult = { processed: 0, quarantined: 0, attributions: { auto: 0, pending: 0 }, touched: new TouchedReviews(), batches: 0, ms: 0 };
  const touched = result.touched;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let cursor = 0;
  let done = false;
  let batchNumber = 0;

  const record = ({ write, touched: t }: BatchOutcome) => {
    result.batches++;
    result.processed += write.reviews.length;
    result.quarantined += write.quarantined.length;
    for (const a of write.attributions) result.attributions[a.status]++;
    touched.merge(t);
    options.logger?.debug({ reviews: write.reviews.length, quarantined: write.quarantined.length }, 'processing batch committed');
  };

  /** Claims, computes, writes and commits one batch; returns the reviews it claimed (none: nothing left). */
  const commitBatch = async (range: { afterId: number; uptoId?: number; limit: number }, quarantineAll?: string): Promise<PendingReview[]> => {
    let claimed: PendingReview[] = [];
    try {
      const outcome = await db.transaction().execute(async (trx) => {
        // The claim's estimated cost (its per-review probes are costed as if they each read thousands of rows) is
        // above jit_above_cost, and compiling it took 10.5 ms of a 36 ms claim (EXPLAIN ANALYZE): JIT buys nothing for batch-sized work.
        await sql`set local jit = off`.execute(trx);
        claimed = await claimPendingReviews(trx, range);
        if (claimed.length === 0) return null;
        cursor = Math.max(cursor, claimed[claimed.length - 1]!.id);
        const out = computeBatch(claimed, ctx, scorerVersion);
        if (quarantineAll) {
          out.write = {
            ...out.write,
            scores: [],
            themes: [],
            attributions: [],
            quarantined: claimed.map((r) => ({ reviewId: r.id, contentHash: r.contentHash, reason: quarantineAll })),
          };
        }
        await writeProcessedBatch(trx, out.write);
        await options.beforeCommit?.({ batch: ++batchNumber, reviews: claimed.length });
        return out;
      });
      if (outcome) record(outcome);
      return claimed;
    } catch (error) {
      throw new BatchFailed(error, claimed);
    }
  };

  /** A batch whose writes hit bad data: one review per transaction, so only the culprit is quarantined. */
  const retryOneByOne = async (reviews: PendingReview[]) => {
    for (const r of reviews) {
      try {
        await commitBatch({ afterId: r.id - 1, uptoId: r.id, limit: 1 });
      } catch (error) {
        const cause = error instanceof BatchFailed ? error.cause : error;
        if (!isDataError(cause)) throw cause;
        options.logger?.warn({ reviewId: r.id, err: (cause as Error).message }, 'review quarantined: its derived rows could not be stored');
        await commitBatch({ afterId: r.id - 1, uptoId: r.id, limit: 1 }, `storing derived rows failed: ${(cause as Error).message}`.slice(0, 1000));
      }
    }
  };

  const lane = async () => {
    while (!done && remaining > 0) {
      const take = Math.min(batchSize, remaining);
      remaining -= take;
      let claimed: PendingReview[];
      try {
        claimed = await commitBatch({ afterId: cursor, limit: take });
      } catch (error) {
        if (!(error instanceof BatchFailed) || !isDataError(error.cause)) {
          done = true;
          throw error;
        }
        // The failed transaction rolled back: its reviews are still pending.
        claimed = error.claimed;
        await retryOneByOne(claimed).catch((e: unknown) => {
          done = true;
          throw e;
        });
      }
      remaining += take - claimed.length;
      if (claimed.length === 0) done = true;
    }
  };

  const lanes = Math.max(1, options.concurrency ?? 2);
  // allSettled: a failing lane must not return control while another is still mid-transaction.
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason instanceof BatchFailed ? failure.reason.cause : failure.reason;

  result.ms = Math.round(performance.now() - started);
  options.logger?.info({ ...result, touched: touched.size }, 'reviews processed');
  return result;
}
