import { isSignificantDrop } from '../../processing/stats/drop';
import { isoDate, weekStart } from '../rollups/periods';
import type { AlertCandidate, RatingHistory, ReviewFact, TargetHistory, ThemeHistory } from './types';

/**
 * The alert rules, as pure functions of constructed histories. Each returns
 * candidates with a dedupe key naming the event, so evaluating the same
 * history again (every 15 minutes) raises nothing new:
 *
 *  - low-star             one review at or below N stars        → per review
 *  - unanswered-negative  that review still unanswered after H h → per review
 *  - rating-drop          recent mean below the entity's own baseline by more than chance
 *                         (isSignificantDrop on its own volume)  → per entity and week
 *  - theme-negative       a theme's polarity turned negative vs the period before,
 *                         with a minimum count in both           → per entity, theme and week
 *  - target-failing       the last K runs blocked or failed      → per streak (its first run)
 *  - coverage-drop        stored / site count below 1 − pct      → per streak of low runs
 *
 * Review rules only look back `lookbackHours`: the first crawl of a profile
 * imports years of history, and old 1★ reviews are not news.
 */
const HOUR = 3_600_000;

export interface ReviewRuleOptions {
  now: Date;
  lowStarThreshold: number;
  unansweredNegativeHours: number;
  /** How far back a review may have happened and still alert (default 7 days). */
  lookbackHours?: number;
}

const label = (e: { kind: string; name: string }) => `${e.name} (${e.kind})`;
const stars = (r: number) => `${Math.round(r * 10) / 10}★`;

function reviewDetail(r: ReviewFact) {
  return { reviewId: r.id, rating: r.rating, at: r.at.toISOString(), source: r.source, url: r.url, author: r.author, excerpt: r.excerpt, entity: r.entity };
}

export function lowStarAlerts(reviews: readonly ReviewFact[], o: ReviewRuleOptions): AlertCandidate[] {
  const since = o.now.getTime() - (o.lookbackHours ?? 168) * HOUR;
  return reviews
    .filter((r) => !r.removed && r.rating !== null && r.rating <= o.lowStarThreshold && r.at.getTime() >= since)
    .map((r): AlertCandidate => ({
      rule: 'low-star',
      entityKind: r.entity.kind,
      entityId: r.entity.id,
      severity: r.rating! <= 1 ? 'critical' : 'warning',
      title: `New ${stars(r.rating!)} review of ${label(r.entity)} on ${r.source}`,
      detail: reviewDetail(r),
      dedupeKey: `low-star:review:${r.id}`,
    }));
}

export function unansweredNegativeAlerts(reviews: readonly ReviewFact[], o: ReviewRuleOptions): AlertCandidate[] {
  const dueBefore = o.now.getTime() - o.unansweredNegativeHours * HOUR;
  const since = o.now.getTime() - (o.unansweredNegativeHours + (o.lookbackHours ?? 168)) * HOUR;
  return reviews
    .filter((r) => !r.removed && !r.responded && r.rating !== null && r.rating <= o.lowStarThreshold)
    .filter((r) => r.at.getTime() <= dueBefore && r.at.getTime() >= since)
    .map((r): AlertCandidate => ({
      rule: 'unanswered-negative',
      entityKind: r.entity.kind,
      entityId: r.entity.id,
      severity: 'warning',
      title: `${stars(r.rating!)} review of ${label(r.entity)} unanswered for ${Math.floor((o.now.getTime() - r.at.getTime()) / HOUR)} h`,
      detail: { ...reviewDetail(r), hours: o.unansweredNegativeHours },
      dedupeKey: `unanswered-negative:review:${r.id}`,
    }));
}

export interface RatingDropOptions {
  now: Date;
  /** Baseline reviews needed before the entity is tested at all (default 10). */
  minBaselineN?: number;
  alpha?: number;
}

export function ratingDropAlerts(histories: readonly RatingHistory[], o: RatingDropOptions): AlertCandidate[] {
  const week = isoDate(weekStart(o.now));
  const out: AlertCandidate[] = [];
  for (const h of histories) {
    const { n, sum, sumSq } = h.baseline;
    if (n < (o.minBaselineN ?? 10) || h.recent.n === 0) continue;
    const mean = sum / n;
    // Sample sd from the sums; tiny negative variance from rounding is zero.
    const sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
    const test = isSignificantDrop({ baselineMean: mean, baselineSd: sd, baselineN: n, recentSum: h.recent.sum, recentN: h.recent.n, alpha: o.alpha });
    if (!test.drop) continue;
    const recentMean = h.recent.sum / h.recent.n;
    out.push({
      rule: 'rating-drop',
      entityKind: h.entity.kind,
      entityId: h.entity.id,
      severity: test.p !== null && test.p < 0.001 ? 'critical' : 'warning',
      title: `Rating of ${label(h.entity)} fell to ${stars(recentMean)} from its usual ${stars(mean)}`,
      detail: {
        entity: h.entity,
        baseline: { mean: round(mean), sd: round(sd), n },
        recent: { mean: round(recentMean), n: h.recent.n },
        z: round(test.z),
        p: test.p,
        week,
      },
      dedupeKey: `rating-drop:${h.entity.kind}:${h.entity.id}:${week}`,
    });
  }
  return out;
}

export interface ThemeRuleOptions {
  now: Date;
  /** Mentions needed in each period (default 5). */
  minCount?: number;
  /** Mean polarity at or below which the theme counts as negative now (default −0.15). */
  negativeAt?: number;
}

export function themeNegativeAlerts(histories: readonly ThemeHistory[], o: ThemeRuleOptions): AlertCandidate[] {
  const minCount = o.minCount ?? 5;
  const negativeAt = o.negativeAt ?? -0.15;
  const week = isoDate(weekStart(o.now));
  return histories
    .filter((h) => h.current.n >= minCount && h.previous.n >= minCount)
    .filter((h) => h.current.polaritySum / h.current.n <= negativeAt && h.previous.polaritySum / h.previous.n >= 0)
    .map((h) => {
      const now = h.current.polaritySum / h.current.n;
      const before = h.previous.polaritySum / h.previous.n;
      return {
        rule: 'theme-negative',
        entityKind: h.entity.kind,
        entityId: h.entity.id,
        severity: 'warning',
        title: `Reviews of ${label(h.entity)} turned negative about ${h.theme}`,
        detail: { entity: h.entity, theme: h.theme, current: { n: h.current.n, polarity: round(now) }, previous: { n: h.previous.n, polarity: round(before) }, week },
        dedupeKey: `theme-negative:${h.entity.kind}:${h.entity.id}:${h.theme}:${week}`,
      } satisfies AlertCandidate;
    });
}

export function failingTargetAlerts(targets: readonly TargetHistory[], o: { runsInARow: number }): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const t of targets) {
    const streak = leadingStreak(t.runs, (r) => r.status === 'blocked' || r.status === 'failed');
    if (streak.length < o.runsInARow) continue;
    const first = streak[streak.length - 1]!;
    const latest = streak[0]!;
    const blocked = streak.every((r) => r.status === 'blocked');
    out.push({
      rule: 'target-failing',
      entityKind: 'target',
      entityId: t.targetId,
      severity: 'critical',
      title: `${t.source} profile of ${label(t.entity)} ${blocked ? 'blocked' : 'failing'} ${streak.length} runs in a row`,
      detail: {
        target: t.key,
        source: t.source,
        entity: t.entity,
        runs: streak.length,
        since: first.startedAt.toISOString(),
        lastStatus: latest.status,
        blockedReason: latest.blockedReason,
        error: latest.errorMessage,
      },
      // The streak is the event: the same streak growing longer is not news, a new one is.
      dedupeKey: `target-failing:${t.targetId}:${first.id}`,
    });
  }
  return out;
}

export function coverageDropAlerts(targets: readonly TargetHistory[], o: { coverageDropPct: number }): AlertCandidate[] {
  const floor = 1 - o.coverageDropPct / 100;
  const out: AlertCandidate[] = [];
  for (const t of targets) {
    // Only runs that read the site's own count can say anything about coverage.
    const measured = t.runs.filter((r) => r.siteReviewCount && r.siteReviewCount > 0 && r.storedReviewCount !== null);
    const low = leadingStreak(measured, (r) => r.storedReviewCount! / r.siteReviewCount! < floor);
    if (!low.length) continue;
    const latest = low[0]!;
    const coverage = latest.storedReviewCount! / latest.siteReviewCount!;
    const before = measured[low.length];
    out.push({
      rule: 'coverage-drop',
      entityKind: 'target',
      entityId: t.targetId,
      severity: 'warning',
      title: `Only ${Math.round(coverage * 100)} % of the ${latest.siteReviewCount} reviews on the ${t.source} profile of ${label(t.entity)} are stored`,
      detail: {
        target: t.key,
        source: t.source,
        entity: t.entity,
        stored: latest.storedReviewCount,
        site: latest.siteReviewCount,
        coverage: round(coverage),
        previousCoverage: before ? round(before.storedReviewCount! / before.siteReviewCount!) : null,
        thresholdPct: o.coverageDropPct,
      },
      dedupeKey: `coverage-drop:${t.targetId}:${low[low.length - 1]!.id}`,
    });
  }
  return out;
}

/** The newest runs (list is newest first) for which pred holds, up to the first that breaks it. */
function leadingStreak<T>(items: readonly T[], pred: (t: T) => boolean): T[] {
  const out: T[] = [];
  for (const it of items) {
    if (!pred(it)) break;
    out.push(it);
  }
  return out;
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
