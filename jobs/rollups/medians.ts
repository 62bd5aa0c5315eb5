import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, EntityKind } from '../../db/types';
import type { CellRef } from './aggregate';
import { cellRange, isoDate } from './periods';
import { ALL_SOURCES, rowKey, WITH_REMOVED } from './types';
import { groupBy } from '../../core/group-by';

/**
 * Median response times of an incremental refresh's cells, computed in Node
 * from the day rows' sorted response-hours arrays.
 *
 * Why not in SQL like the full rebuild: a batch of recent reviews touches a few
 * periods of every entity, and those periods overlap (a day sits in its week,
 * month, quarter and three or four r90 windows), and each source and all
 * sources are separate ordered-set aggregates. PostgreSQL sorted every cell's
 * values anew: at 1M stored reviews ~500,000 values per 1,000-review batch,
 * most of the refresh. Here each day row is read once (~94,000 values in all
 * at 1M) and each cell's middle values are picked by quickselect.
 *
 * The result has the same bits as percentile_cont(0.5): the middle value, or
 * for an even count lo + (hi − lo) × 0.5 (float8 interpolation, the same IEEE
 * operations), so an incremental refresh still equals a full rebuild (tested).
 *
 * Rows as in aggregate-sql.ts: each source and '*' leave removed reviews out;
 * '*+removed' counts them.
 */
type Db = Kysely<Database> | Transaction<Database>;

interface DayHours {
  entity: string;
  day: string;
  sourceKey: string;
  removed: boolean;
  hours: Float64Array;
}

/**
 * Rearranges `a` so that a[k] holds the value a sort would put there, with
 * nothing larger before it and nothing smaller after it (quickselect, Hoare
 * partition around a median of three): a median needs one or two order
 * statistics, not the whole order, and this is linear where sorting is not.
 */
export function selectInPlace(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // Median of three as the pivot: sorted or reversed input stays linear.
    const x = a[left]!;
    const y = a[mid]!;
    const z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

let scratch = new Float64Array(1024);

/** percentile_cont(0.5) of the union of these sorted arrays (null when they hold no value). */
export function medianOfSorted(arrays: readonly Float64Array[]): number | null {
  let total = 0;
  let largest = arrays[0];
  for (const x of arrays) {
    total += x.length;
    if (x.length > largest!.length) largest = x;
  }
  if (total === 0) return null;
  const lo = (total - 1) >> 1;
  const hi = total >> 1;
  let a: number;
  let b: number;
  if (largest!.length === total) {
    // One array holds every value: already in order.
    a = largest![lo]!;
    b = largest![hi]!;
  } else {
    // One scratch buffer, grown as needed: a new array per cell (thousands per refresh) kept the GC busy.
    if (scratch.length < total) scratch = new Float64Array(Math.max(total, scratch.length * 2));
    const values = scratch.subarray(0, total);
    let at = 0;
    for (const x of arrays) {
      values.set(x, at);
      at += x.length;
    }
    selectInPlace(values, lo);
    a = values[lo]!;
    b = a;
    if (hi !== lo) {
      // The next order statistic: the smallest value after the selected one.
      b = values[hi]!;
      for (let i = hi + 1; i < total; i++) if (values[i]! < b) b = values[i]!;
    }
  }
  return lo === hi ? a : a + (b - a) * 0.5;
}

function parseHours(text: string): Float64Array {
  // array_to_string output: comma-separated float8 in PostgreSQL's shortest exact form, which JSON reads back as
  // the same doubles; one JSON.parse of the list is several times faster than Number() on each split part.
  return Float64Array.from(JSON.parse(`[${text}]`) as number[]);
}

/** The stored response hours of the days these cells cover, by entity: what cellMedians needs. */
export type DayHoursByEntity = ReadonlyMap<string, readonly DayHours[]>;

/** The stored day rows holding response hours for the days these cells cover, read once per entity. */
export async function loadDayHours(db: Db, cells: readonly CellRef[]): Promise<DayHoursByEntity> {
  const spans = new Map<string, { k: EntityKind; e: number; lo: string; hi: string }>();
  for (const c of cells) {
    const r = cellRange(c.periodKind, c.periodStart);
    const lo = isoDate(r.from);
    const hi = isoDate(r.to);
    const key = `${c.entityKind}|${c.entityId}`;
    const s = spans.get(key);
    if (!s) spans.set(key, { k: c.entityKind, e: c.entityId, lo, hi });
    else {
      if (lo < s.lo) s.lo = lo;
      if (hi > s.hi) s.hi = hi;
    }
  }
  if (spans.size === 0) return new Map();
  const { rows } = await sql<{ k: EntityKind; e: number; day: string; source_key: string; removed: boolean; hours: string }>`
    select s.k, s.e, to_char(d.day, 'YYYY-MM-DD') as day, d.source_key, d.removed, array_to_string(d.hours, ',') as hours
    from json_to_recordset(${JSON.stringify([...spans.values()])}::json) as s(k text, e int, lo date, hi date)
    cross join lateral (
      -- offset 0 keeps this an index range scan per entity (see aggregate-sql.ts).
      select * from rollup_days d
      where d.entity_kind = s.k and d.entity_id = s.e and d.day >= s.lo and d.day < s.hi and d.hours is not null offset 0
    ) d
  `.execute(db);
  const days = rows.map((r) => ({ entity: `${r.k}|${r.e}`, day: r.day, sourceKey: r.source_key, removed: r.removed, hours: parseHours(r.hours) }));
  return groupBy(days, (d) => d.entity);
}

/**
 * The median response hours of every row these cells have (from loadDayHours: pure
 * computation, so it can run while PostgreSQL sums the cells): keyed by rowKey
 * (cell and source key: each source, '*', '*+removed'). A row missing from the
 * map has no response hours (its median is null).
 */
export function cellMedians(daysByEntity: DayHoursByEntity, cells: readonly CellRef[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const c of cells) {
    const days = daysByEntity.get(`${c.entityKind}|${c.entityId}`);
    if (!days) continue;
    const r = cellRange(c.periodKind, c.periodStart);
    const lo = isoDate(r.from);
    const hi = isoDate(r.to);
    const bySource = new Map<string, Float64Array[]>();
    const kept: Float64Array[] = [];
    const all: Float64Array[] = [];
    for (const d of days) {
      if (d.day < lo || d.day >= hi) continue;
      all.push(d.hours);
      if (d.removed) continue;
      kept.push(d.hours);
      const list = bySource.get(d.sourceKey);
      if (list) list.push(d.hours);
      else bySource.set(d.sourceKey, [d.hours]);
    }
    const key = (sourceKey: string) => rowKey({ ...c, sourceKey });
    for (const [sourceKey, arrays] of bySource) out.set(key(sourceKey), medianOfSorted(arrays));
    const keptMedian = medianOfSorted(kept);
    out.set(key(ALL_SOURCES), keptMedian);
    out.set(key(WITH_REMOVED), all.length === kept.length ? keptMedian : medianOfSorted(all));
  }
  return out;
}
