import { reputationIndexValue, type ReputationIndexFormula } from '../../processing/reputation';
import { estimatePriorStrength, median, shrinkRating, type GroupStat } from '../../processing/stats';
import type { EntityKind } from '../../db/types';
import { cellRange } from './periods';
import { rowKey, type DerivationInput, type RollupDerived } from './types';
import { groupBy } from '../../core/group-by';

/**
 * The JS half of the rollups: shrunk ratings with credible intervals, and the
 * Reputation Index computed from them.
 *
 * Each cell is pulled toward its parent's plain average for the same period and
 * source (processing/stats/shrinkage.ts explains the model):
 *   person   → their location's average, else (no location, or it has no ratings) the company's
 *   location → the company's average for the period
 *   company  → the company's all-time mean for that source (from its month rows)
 * Prior strength: settings.scoring.priorStrength when it is a number; with
 * 'auto' it is estimated (estimatePriorStrength) from the siblings — the
 * organization's locations (or people) in the same period and source; for the
 * company, its own cells of the same period kind and source. The within-entity
 * variance always comes from those siblings, approximated from their star
 * distributions (rollups store counts per rounded star, not sums of squares).
 *
 * Reputation Index inputs (processing/reputation): the shrunk rating, the mean
 * text sentiment, the response rate (responded / reviews), and volume as reviews
 * per 90 days (the cell's count scaled by 90 / days in the period) against the
 * median of the same siblings' volumes as the "expected" volume.
 *
 * Siblings are sorted by id first so that floating-point sums, and so the
 * results, do not depend on the order rows were read in.
 */
export interface Hierarchy {
  locationOrg: ReadonlyMap<number, number>;
  personOrg: ReadonlyMap<number, number>;
  personLocation: ReadonlyMap<number, number | null>;
}

export interface DeriveOptions {
  priorStrength: 'auto' | number;
  formula: ReputationIndexFormula;
}

const DAY_MS = 86_400_000;

/** Sample variance of the ratings, approximated from the per-star counts. */
export function varianceFromStars(stars: Record<string, number>): number | null {
  let n = 0;
  let sum = 0;
  for (const [s, c] of Object.entries(stars)) {
    n += c;
    sum += Number(s) * c;
  }
  if (n < 2) return null;
  const mean = sum / n;
  let ss = 0;
  for (const [s, c] of Object.entries(stars)) ss += c * (Number(s) - mean) ** 2;
  return ss / (n - 1);
}

function groupStat(r: DerivationInput): GroupStat {
  return { n: r.ratedCount, mean: r.ratingAvg ?? Number.NaN, variance: varianceFromStars(r.stars) };
}

function byEntityThenPeriod(a: DerivationInput, b: DerivationInput): number {
  return a.entityId - b.entityId || (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0);
}

const periodDays = new Map<string, number>();

/** Reviews per 90 days at this cell's pace. */
function volume90(r: DerivationInput): number {
  const key = `${r.periodKind}|${r.periodStart}`;
  let days = periodDays.get(key);
  if (days === undefined) {
    const { from, to } = cellRange(r.periodKind, r.periodStart);
    days = (to.getTime() - from.getTime()) / DAY_MS;
    periodDays.set(key, days);
  }
  return (r.reviewCount * 90) / days;
}

/** Derives one set of siblings (same level and parent, same source; same period unless company). */
function deriveSiblings(
  rows: DerivationInput[],
  opts: DeriveOptions,
  priorMean: (r: DerivationInput) => number | null,
  out: Map<string, RollupDerived>,
): void {
  const sorted = [...rows].sort(byEntityThenPeriod);
  const est = estimatePriorStrength(sorted.map(groupStat));
  const k = opts.priorStrength === 'auto' ? est.priorStrength : opts.priorStrength;
  const expectedVolume = median(sorted.filter((r) => r.reviewCount > 0).map(volume90));
  for (const r of sorted) {
    const mean = priorMean(r);
    let shrunk: { shrunk: number; low: number; high: number } | null = null;
    if (r.ratedCount > 0 && mean !== null) {
      // Ratings are 1..5 by contract; clamp the sum against float noise before the strict check in shrinkRating.
      const sum = Math.min(5 * r.ratedCount, Math.max(r.ratedCount, r.ratingSum));
      shrunk = shrinkRating({ sum, n: r.ratedCount, priorMean: Math.min(5, Math.max(1, mean)), priorStrength: k, withinVariance: est.withinVariance });
    }
    const index = reputationIndexValue(
      {
        shrunkRating: shrunk?.shrunk ?? null,
        meanSentiment: r.sentimentAvg,
        reviewsLast90d: volume90(r),
        expectedVolume,
        responseRate: r.reviewCount > 0 ? r.respondedCount / r.reviewCount : null,
      },
      opts.formula,
    );
    out.set(rowKey(r), {
      shrunkRating: shrunk?.shrunk ?? null,
      shrunkLow: shrunk?.low ?? null,
      shrunkHigh: shrunk?.high ?? null,
      reputationIndex: index,
      indexVersion: index === null ? null : opts.formula.version,
    });
  }
}

/** All-time mean rating per `${organizationId}|${sourceKey}`, from the company's month rows (they partition time). */
export function allTimeMeans(companyRows: readonly DerivationInput[]): Map<string, number> {
  const acc = new Map<string, { sum: number; n: number }>();
  for (const r of [...companyRows].filter((r) => r.periodKind === 'month').sort(byEntityThenPeriod)) {
    const k = `${r.entityId}|${r.sourceKey}`;
    const a = acc.get(k) ?? { sum: 0, n: 0 };
    a.sum += r.ratingSum;
    a.n += r.ratedCount;
    acc.set(k, a);
  }
  const out = new Map<string, number>();
  for (const [k, a] of acc) if (a.n > 0) out.set(k, a.sum / a.n);
  return out;
}

/** Company rows: every company row of the database (all periods), since the all-time mean moves with any review. */
export function deriveCompanyRows(companyRows: readonly DerivationInput[], opts: DeriveOptions): Map<string, RollupDerived> {
  const means = allTimeMeans(companyRows);
  const out = new Map<string, RollupDerived>();
  for (const rows of groupBy(companyRows, (r) => `${r.entityId}|${r.periodKind}|${r.sourceKey}`).values()) {
    deriveSiblings(rows, opts, (r) => means.get(`${r.entityId}|${r.sourceKey}`) ?? null, out);
  }
  return out;
}

/**
 * Location and person rows of one period (periodKind + periodStart), all sources;
 * `companyRows` must hold the company rows of the same period. No all-time
 * fallback is needed here: a location's or person's reviews are reviews of their
 * company, so whenever they have ratings in a cell the company has too.
 */
export function derivePeriodRows(
  rows: readonly DerivationInput[],
  companyRows: readonly DerivationInput[],
  hierarchy: Hierarchy,
  opts: DeriveOptions,
): Map<string, RollupDerived> {
  const avg = new Map<string, number>();
  for (const r of [...rows, ...companyRows]) if (r.ratingAvg !== null) avg.set(`${r.entityKind}|${r.entityId}|${r.sourceKey}`, r.ratingAvg);
  const orgOf = (kind: EntityKind, id: number) => (kind === 'location' ? hierarchy.locationOrg.get(id) : hierarchy.personOrg.get(id));
  const companyAvg = (org: number | undefined, source: string) => (org === undefined ? null : (avg.get(`company|${org}|${source}`) ?? null));

  const out = new Map<string, RollupDerived>();
  const levels = rows.filter((r) => r.entityKind !== 'company');
  for (const siblings of groupBy(levels, (r) => `${r.entityKind}|${orgOf(r.entityKind, r.entityId) ?? 'none'}|${r.sourceKey}`).values()) {
    deriveSiblings(
      siblings,
      opts,
      (r) => {
        const org = orgOf(r.entityKind, r.entityId);
        if (r.entityKind === 'location') return companyAvg(org, r.sourceKey);
        const loc = hierarchy.personLocation.get(r.entityId);
        return (loc != null ? avg.get(`location|${loc}|${r.sourceKey}`) : undefined) ?? companyAvg(org, r.sourceKey);
      },
      out,
    );
  }
  return out;
}
