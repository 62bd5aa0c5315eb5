import type { AppContext } from '../../core/context';
import { alertsRaised } from '../metrics';
import { entityNames, loadNegativeReviews, loadRatingHistories, loadTargetHistories, loadThemeHistories } from './queries';
import { coverageDropAlerts, failingTargetAlerts, lowStarAlerts, ratingDropAlerts, themeNegativeAlerts, unansweredNegativeAlerts } from './rules';
import type { AlertCandidate } from './types';

/**
 * One alert cycle: build the histories, run every rule, store what is new.
 * "New" is decided by the database: alerts.dedupe_key is unique and inserts
 * skip keys that exist, so two cycles at once (or one repeated) store each
 * event once.
 */
export interface EvaluateOptions {
  now?: Date;
  /** Review rules look this far back (default 7 days). */
  lookbackHours?: number;
  /** Rating drop: recent window and the baseline before it (defaults 30 and 365 days). */
  recentDays?: number;
  baselineDays?: number;
  /** Theme rule: length of each compared period (default 30 days) and mentions needed in both (default 5). */
  themeDays?: number;
  themeMinCount?: number;
}

export interface EvaluateResult {
  candidates: number;
  raised: number;
  byRule: Record<string, number>;
}

export async function evaluateAlerts(ctx: Pick<AppContext, 'db' | 'settings' | 'logger'>, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const now = opts.now ?? new Date();
  const s = ctx.settings.alerts;
  const lookbackHours = opts.lookbackHours ?? 168;
  const names = await entityNames(ctx.db);
  const reviews = await loadNegativeReviews(ctx.db, names, {
    since: new Date(now.getTime() - (lookbackHours + s.unansweredNegativeHours) * 3_600_000),
    maxRating: s.lowStarThreshold,
  });
  const reviewOpts = { now, lowStarThreshold: s.lowStarThreshold, unansweredNegativeHours: s.unansweredNegativeHours, lookbackHours };
  const ratings = await loadRatingHistories(ctx.db, names, { now, recentDays: opts.recentDays ?? 30, baselineDays: opts.baselineDays ?? 365 });
  const themes = await loadThemeHistories(ctx.db, names, { now, days: opts.themeDays ?? 30 });
  // Enough runs to see a streak of blockedRuns and the run before a coverage streak.
  const targets = await loadTargetHistories(ctx.db, names, { runs: Math.max(s.blockedRuns, 10) });

  const candidates: AlertCandidate[] = [
    ...lowStarAlerts(reviews, reviewOpts),
    ...unansweredNegativeAlerts(reviews, reviewOpts),
    ...ratingDropAlerts(ratings, { now }),
    ...themeNegativeAlerts(themes, { now, minCount: opts.themeMinCount }),
    ...failingTargetAlerts(targets, { runsInARow: s.blockedRuns }),
    ...coverageDropAlerts(targets, { coverageDropPct: s.coverageDropPct }),
  ];
  const raised = await storeAlerts(ctx, candidates);
  const byRule: Record<string, number> = {};
  for (const a of raised) {
    byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
    alertsRaised.inc({ rule: a.rule });
  }
  ctx.logger.info({ candidates: candidates.length, raised: raised.length, byRule }, 'alerts evaluated');
  return { candidates: candidates.length, raised: raised.length, byRule };
}

/** Inserts the candidates whose dedupe key is new; returns those. */
export async function storeAlerts(ctx: Pick<AppContext, 'db'>, candidates: readonly AlertCandidate[]): Promise<AlertCandidate[]> {
  const raised: AlertCandidate[] = [];
  // Chunks keep the statement's parameter count well under PostgreSQL's limit.
  for (let i = 0; i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500);
    const rows = await ctx.db
      .insertInto('alerts')
      .values(
        chunk.map((a) => ({
          rule: a.rule,
          entity_kind: a.entityKind,
          entity_id: a.entityId,
          severity: a.severity,
          title: a.title,
          detail: JSON.stringify(a.detail),
          dedupe_key: a.dedupeKey,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .execute();
    const fresh = new Set(rows.map((r) => r.dedupe_key));
    raised.push(...chunk.filter((a) => fresh.has(a.dedupeKey)));
  }
  return raised;
}
