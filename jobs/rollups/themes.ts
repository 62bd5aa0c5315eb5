import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { CellPlan } from './aggregate';
import { groupBy } from '../../core/group-by';
import { ALL_SOURCES, rowKey, WITH_REMOVED, type ThemeTotals } from './types';

/**
 * The themes column of an incremental refresh's cells, summed in Node.
 *
 * The theme day rows of each segment (aggregate.ts: a stretch of days no cell
 * boundary cuts) are summed in PostgreSQL, one index range scan per segment,
 * and sent here; each cell then adds up its segments' sums. In SQL, the same
 * path ended in a JSON object built per cell, source and theme and parsed
 * again: more than half of the refresh's summing statement at 1M stored.
 *
 * The values are those of the full rebuild's SQL (aggregate-sql.ts), to the
 * bit: counts and polarity sums are integers (ten-thousandths) until the one
 * division p / 10000, the same IEEE operation in both; a theme is listed when
 * its count is above zero. Per source and '*' leave removed reviews out;
 * '*+removed' counts them.
 */
type Db = Kysely<Database> | Transaction<Database>;

/** One segment's sums for one source, removed flag and theme. */
export interface SegmentThemeRow {
  s: number;
  source_key: string;
  removed: boolean;
  theme: string;
  n: number;
  p: number;
}

/** The theme sums of every segment of the plan. */
export async function loadSegmentThemes(db: Db, plan: CellPlan): Promise<SegmentThemeRow[]> {
  if (plan.segments.length === 0) return [];
  // p as float8: an integer sum well below 2^53, so exact, and a number on both dialects (a bigint is a string on one).
  const { rows } = await sql<SegmentThemeRow>`
    select g.s, d.source_key, d.removed, d.theme, sum(d.n)::int as n, sum(d.p)::float8 as p
    from json_to_recordset(${JSON.stringify(plan.segments)}::json) as g(s int, k text, e int, lo_d date, hi_d date)
    cross join lateral (
      -- offset 0 keeps this an index range scan per segment (see aggregate-sql.ts).
      select * from rollup_theme_days d
      where d.entity_kind = g.k and d.entity_id = g.e and d.day >= g.lo_d and d.day < g.hi_d offset 0
    ) d
    group by g.s, d.source_key, d.removed, d.theme
  `.execute(db);
  return rows;
}

/** Integer sums of one row's themes: theme → [count, polarity in ten-thousandths]. */
type Sums = Map<string, [number, number]>;

function add(sums: Map<string, Sums>, source: string, theme: string, n: number, p: number): void {
  let bySource = sums.get(source);
  if (!bySource) sums.set(source, (bySource = new Map()));
  const t = bySource.get(theme);
  if (t) {
    t[0] += n;
    t[1] += p;
  } else bySource.set(theme, [n, p]);
}

function totals(sums: Sums | undefined): Record<string, ThemeTotals> {
  const out: Record<string, ThemeTotals> = {};
  if (sums) for (const [theme, [n, p]] of sums) if (n > 0) out[theme] = { count: n, polaritySum: p / 10000 };
  return out;
}

/**
 * The themes of every row of the plan's cells, keyed by rowKey (each source,
 * '*', '*+removed'); a row missing from the map has no themes ({}).
 */
export function cellThemes(rows: readonly SegmentThemeRow[], plan: CellPlan): Map<string, Record<string, ThemeTotals>> {
  const bySegment = groupBy(rows, (r) => String(r.s));
  const segmentsOf = groupBy(plan.cellSegments, (c) => String(c.i));
  const out = new Map<string, Record<string, ThemeTotals>>();
  for (const cell of plan.touched) {
    const sums = new Map<string, Sums>();
    for (const { s } of segmentsOf.get(String(cell.i)) ?? []) {
      for (const r of bySegment.get(String(s)) ?? []) {
        add(sums, WITH_REMOVED, r.theme, r.n, r.p);
        if (r.removed) continue;
        add(sums, r.source_key, r.theme, r.n, r.p);
        add(sums, ALL_SOURCES, r.theme, r.n, r.p);
      }
    }
    const ref = { entityKind: cell.k, entityId: cell.e, periodKind: cell.pk, periodStart: cell.ps };
    for (const [source, s] of sums) out.set(rowKey({ ...ref, sourceKey: source }), totals(s));
  }
  return out;
}
