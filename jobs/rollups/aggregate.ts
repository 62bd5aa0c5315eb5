import type { Kysely, Transaction } from 'kysely';
import { aggregateSql, type CellFilter } from './aggregate-sql';
import type { Database, EntityKind, PeriodKind } from '../../db/types';
import { cellRange, isoDate } from './periods';
import { ALL_SOURCES, ALL_SOURCES_WITH_REMOVED, type RollupCounts, type ThemeTotals } from './types';

/**
 * The counting half of the rollups, done by PostgreSQL: cells summed from the
 * day tables (aggregate-sql.ts), which facts-sql.ts keeps (and documents which
 * reviews belong to which entity).
 *
 * Removed reviews: the per-source rows and '*' describe the reviews that are
 * still online: removed ones are left out of every metric and only counted in
 * removed_count. The extra all-sources row '*+removed' counts them like any
 * other review (what customers saw at the time). Sums are exact integers, so
 * full rebuilds and incremental refreshes agree to the last bit.
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface CellRef {
  entityKind: EntityKind;
  entityId: number;
  periodKind: PeriodKind;
  periodStart: string;
}

export type AggregateScope =
  /** Exactly these cells (incremental refresh). */
  | { cells: readonly CellRef[] }
  /** Every cell of one period kind whose period_start is in [from, to) (full rebuild, a slice at a time). */
  | { periodKind: PeriodKind; from: string; to: string };

const STAR_COLUMNS = [1, 2, 3, 4, 5];

export async function aggregateCells(db: Db, scope: AggregateScope): Promise<RollupCounts[]> {
  const cellsMode = 'cells' in scope;
  if (cellsMode && scope.cells.length === 0) return [];
  let filter: CellFilter;
  if (cellsMode) {
    const touched = scope.cells.map((c) => {
      const r = cellRange(c.periodKind, c.periodStart);
      return { k: c.entityKind, e: c.entityId, pk: c.periodKind, ps: c.periodStart, lo_d: isoDate(r.from), hi_d: isoDate(r.to) };
    });
    filter = { kind: 'cells', touchedJson: JSON.stringify(touched) };
  } else {
    // Only days that can fall in a cell of the slice are read. Every kind's last cell
    // before `to` ends exactly at `to` (an r90 window ends where its month does).
    const loDay = isoDate(cellRange(scope.periodKind, scope.from).from);
    filter = { kind: 'slice', periodKind: scope.periodKind, from: scope.from, to: scope.to, loDay, hiDay: scope.to };
  }
  const result = await aggregateSql(filter).execute(db);
  return (result.rows as AggregateRow[]).flatMap(toCounts);
}

interface AggregateRow {
  entity_kind: EntityKind;
  entity_id: number;
  period_kind: PeriodKind;
  period_start: string;
  source_key: string;
  removed: number;
  themes: Record<string, [number, number | string, number, number | string]> | null;
  [metric: string]: unknown;
}

function variant(row: AggregateRow, suffix: '' | '_all', sourceKey: string): RollupCounts {
  const num = (name: string) => Number(row[`${name}${suffix}`]);
  const nullable = (name: string) => {
    const v = row[`${name}${suffix}`];
    return v === null || v === undefined ? null : Number(v);
  };
  const ratedCount = num('rated');
  // Thousandths and ten-thousandths back to the rating and sentiment scales.
  const ratingSum = num('rsum') / 1000;
  const sentimentCount = num('sn');
  const themes: Record<string, ThemeTotals> = {};
  for (const [theme, [n, p, nAll, pAll]] of Object.entries(row.themes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const count = Number(suffix === '' ? n : nAll);
    if (count > 0) themes[theme] = { count, polaritySum: Number(suffix === '' ? p : pAll) / 10_000 };
  }
  return {
    entityKind: row.entity_kind,
    entityId: row.entity_id,
    periodKind: row.period_kind,
    periodStart: row.period_start,
    sourceKey,
    reviewCount: num('n'),
    ratedCount,
    ratingSum,
    ratingAvg: ratedCount > 0 ? ratingSum / ratedCount : null,
    stars: Object.fromEntries(STAR_COLUMNS.map((s) => [String(s), num(`s${s}`)])),
    sentimentAvg: sentimentCount > 0 ? num('ssum') / 10_000 / sentimentCount : null,
    sentimentCount,
    themes,
    respondedCount: num('resp'),
    responseHoursMedian: nullable('rmed'),
    removedCount: Number(row.removed),
  };
}

function toCounts(row: AggregateRow): RollupCounts[] {
  if (row.source_key !== ALL_SOURCES) return [variant(row, '', row.source_key)];
  return [variant(row, '', ALL_SOURCES), variant(row, '_all', ALL_SOURCES_WITH_REMOVED)];
}
