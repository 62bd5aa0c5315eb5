import type { Kysely, Transaction } from 'kysely';
import { aggregateInsertSql, type CellFilter } from './aggregate-sql';
import type { Database, EntityKind, PeriodKind } from '../../db/types';
import { cellRange, isoDate } from './periods';
import { groupBy } from '../../core/group-by';

/**
 * The counting half of the rollups, done by PostgreSQL: cells summed from the
 * day tables (aggregate-sql.ts), which facts-sql.ts keeps (and documents which
 * reviews belong to which entity), and inserted into rollups with their derived
 * columns (shrinkage, index) still empty: derive.ts fills those in.
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
  /**
   * Exactly these cells (incremental refresh, into its fresh table), planned by planCells; the target must not
   * hold rows of them yet. Their themes are left empty: themes.ts sums them.
   */
  | { plan: CellPlan }
  /** Every cell of one period kind whose period_start is in [from, to) (full rebuild, a slice at a time, into an empty table). */
  | { periodKind: PeriodKind; from: string; to: string };

/** Sums the scope's cells into new rollups rows (or into `into`, a table like rollups); returns how many rows and cells were written. */
export async function insertAggregatedCells(db: Db, scope: AggregateScope, computedAt: Date, into = 'rollups'): Promise<{ rows: number; cells: number }> {
  let filter: CellFilter;
  if ('plan' in scope) {
    const { touched, segments, cellSegments } = scope.plan;
    if (touched.length === 0) return { rows: 0, cells: 0 };
    filter = { kind: 'cells', touchedJson: JSON.stringify(touched), segmentsJson: JSON.stringify(segments), cellSegmentsJson: JSON.stringify(cellSegments) };
  } else {
    // Only days that can fall in a cell of the slice are read. Every kind's last cell
    // before `to` ends exactly at `to` (an r90 window ends where its month does).
    const loDay = isoDate(cellRange(scope.periodKind, scope.from).from);
    filter = { kind: 'slice', periodKind: scope.periodKind, from: scope.from, to: scope.to, loDay, hiDay: scope.to };
  }
  const { rows } = await aggregateInsertSql(filter, computedAt, into).execute(db);
  return { rows: Number(rows[0]?.rows ?? 0), cells: Number(rows[0]?.cells ?? 0) };
}

/** Cells numbered (i) with their day ranges, and their segments (s): see segmentCells. */
export interface CellPlan {
  touched: (CellSpan & { pk: PeriodKind; ps: string })[];
  segments: Segment[];
  cellSegments: { i: number; s: number }[];
}

export function planCells(cells: readonly CellRef[]): CellPlan {
  const touched = cells.map((c, i): CellSpan & { pk: PeriodKind; ps: string } => {
    const r = cellRange(c.periodKind, c.periodStart);
    return { i, k: c.entityKind, e: c.entityId, pk: c.periodKind, ps: c.periodStart, lo_d: isoDate(r.from), hi_d: isoDate(r.to) };
  });
  return { touched, ...segmentCells(touched) };
}

/** A stretch of one entity's days that no cell boundary cuts. */
export interface Segment {
  s: number;
  k: EntityKind;
  e: number;
  lo_d: string;
  hi_d: string;
}

interface CellSpan {
  i: number;
  k: EntityKind;
  e: number;
  lo_d: string;
  hi_d: string;
}

/**
 * Splits each entity's days at every boundary of its cells: a segment is a
 * stretch of days no cell starts or ends inside, so every cell is a whole
 * number of segments, and summing day rows per segment, then segments per
 * cell, reads each day row once however many cells hold it.
 */
export function segmentCells(cells: readonly CellSpan[]): { segments: Segment[]; cellSegments: { i: number; s: number }[] } {
  const byEntity = groupBy(cells, (c) => `${c.k}|${c.e}`);
  const segments: Segment[] = [];
  const cellSegments: { i: number; s: number }[] = [];
  for (const group of byEntity.values()) {
    // ISO dates sort as strings.
    const bounds = [...new Set(group.flatMap((c) => [c.lo_d, c.hi_d]))].sort();
    for (let j = 0; j + 1 < bounds.length; j++) {
      const lo = bounds[j]!;
      const hi = bounds[j + 1]!;
      const holders = group.filter((c) => c.lo_d <= lo && hi <= c.hi_d);
      // A gap between cells (no holder) is not read at all.
      if (holders.length === 0) continue;
      const s = segments.length;
      segments.push({ s, k: group[0]!.k, e: group[0]!.e, lo_d: lo, hi_d: hi });
      for (const c of holders) cellSegments.push({ i: c.i, s });
    }
  }
  return { segments, cellSegments };
}
