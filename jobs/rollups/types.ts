import type { EntityKind, PeriodKind } from '../../db/types';

/** source_key of the all-sources rows; removed reviews are left out of their metrics. */
export const ALL_SOURCES = '*';
/** source_key of the all-sources rows that count removed reviews too. */
export const WITH_REMOVED = '*+removed';

export interface ThemeTotals {
  count: number;
  polaritySum: number;
}

/** What SQL counts for one rollup cell and source key (a rollups row without its derived columns). */
export interface RollupCounts {
  entityKind: EntityKind;
  entityId: number;
  periodKind: PeriodKind;
  periodStart: string;
  sourceKey: string;
  reviewCount: number;
  ratedCount: number;
  ratingSum: number;
  ratingAvg: number | null;
  /** Counts of ratings rounded to 1..5 stars, keys "1".."5". */
  stars: Record<string, number>;
  sentimentAvg: number | null;
  sentimentCount: number;
  themes: Record<string, ThemeTotals>;
  respondedCount: number;
  responseHoursMedian: number | null;
  removedCount: number;
}

/** What JS derives from the counts (and the parents' counts). */
export interface RollupDerived {
  shrunkRating: number | null;
  shrunkLow: number | null;
  shrunkHigh: number | null;
  reputationIndex: number | null;
  indexVersion: string | null;
}

/** What shrinkage and the index need of a row: everything but the themes (the bulkiest column). */
export type DerivationInput = Omit<RollupCounts, 'themes'>;

export function cellKey(r: { entityKind: string; entityId: number; periodKind: string; periodStart: string }): string {
  return `${r.entityKind}|${r.entityId}|${r.periodKind}|${r.periodStart}`;
}

export function rowKey(r: { entityKind: string; entityId: number; periodKind: string; periodStart: string; sourceKey: string }): string {
  return `${cellKey(r)}|${r.sourceKey}`;
}
