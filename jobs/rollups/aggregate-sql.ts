import { sql, type RawBuilder } from 'kysely';
import type { PeriodKind } from '../../db/types';

/**
 * The SQL behind aggregate.ts: cells summed from the day tables (facts-sql.ts
 * keeps those) and written straight into rollups, so a cell's cost is its days,
 * not its reviews, and the stars never travel to Node and back. Themes do in an
 * incremental refresh (themes.ts), where the cells are a batch's few thousand:
 * there, building a JSON object per theme in SQL cost more than the rest of the
 * statement. A full rebuild keeps them in SQL.
 *
 *  - day rows paired with the cells they fall in. Cells mode (incremental): day
 *    rows summed per segment (one index range scan each), each cell keyed by
 *    its number `i` (grouping on one integer is cheaper than on the four key
 *    columns) paired with its segments' sums. Slice mode (full rebuild): every
 *    day of the slice fanned out to its periods (periods.ts rules) once, in slice_days.
 *  - main: summed per cell for every source and for all sources (GROUPING SETS);
 *  - theme_json (slice mode): the same path keyed by theme, one JSON object per
 *    row; cells mode leaves themes empty for themes.ts to sum in Node;
 *  - medians (slice mode): the response hours arrays of the cell's day rows,
 *    unnested (a median is not additive); cells mode leaves them to medians.ts;
 *  - rows: per-source and '*' rows leave removed reviews out of every metric
 *    and only count them in removed_count; '*+removed' counts them like the rest.
 *
 * Scaling back from integers (thousandths of a star, ten-thousandths of a
 * sentiment or polarity) happens in float8 here, in the same order of
 * operations as everywhere else, so every path stores the same bits.
 */
export type CellFilter =
  /** touched: the cells (i, k, e, pk, ps, lo_d, hi_d); segments (s, k, e, lo_d, hi_d) and cellSegments (i, s): see aggregate.ts. */
  | { kind: 'cells'; touchedJson: string; segmentsJson: string; cellSegmentsJson: string }
  | { kind: 'slice'; periodKind: PeriodKind; from: string; to: string; loDay: string; hiDay: string };

const STARS = [1, 2, 3, 4, 5];
const CELL_KEY = 'entity_kind, entity_id, period_kind, period_start';

/** Week, month, quarter and r90 cells of the day column `day` (a date). */
const PERIODS_OF_DAY = (day: string) =>
  sql.raw(`cross join lateral (
      select 'week'::text, date_trunc('week', ${day}::timestamp)::date
      union all select 'month', date_trunc('month', ${day}::timestamp)::date
      union all select 'quarter', date_trunc('quarter', ${day}::timestamp)::date
      union all
      select 'r90', g::date
      from generate_series(date_trunc('month', ${day}::timestamp), date_trunc('month', ${day}::timestamp + interval '90 days') - interval '1 month', interval '1 month') as g
    ) as c(period_kind, period_start)`);

function sums(filter: string, suffix: string): string {
  const f = filter ? ` filter (where ${filter})` : '';
  return [
    `coalesce(sum(n)${f}, 0) as n${suffix}`,
    `coalesce(sum(rated)${f}, 0) as rated${suffix}`,
    `coalesce(sum(rsum)${f}, 0) as rsum${suffix}`,
    ...STARS.map((s) => `coalesce(sum(s${s})${f}, 0) as s${s}${suffix}`),
    `coalesce(sum(sn)${f}, 0) as sn${suffix}`,
    `coalesce(sum(ssum)${f}, 0) as ssum${suffix}`,
    `coalesce(sum(resp)${f}, 0) as resp${suffix}`,
  ].join(',\n');
}

/** One rollups row from main's sums with this suffix ('' or '_all'), themes and median. */
function rollupRow(suffix: string, sourceKey: string, themes: string, median: string): string {
  const c = (name: string) => `m.${name}${suffix}`;
  return [
    sourceKey,
    `${c('n')}::int`,
    `${c('rated')}::int`,
    `${c('rsum')}::float8 / 1000`,
    `case when ${c('rated')} > 0 then ${c('rsum')}::float8 / 1000 / ${c('rated')} end`,
    `jsonb_build_object(${STARS.map((s) => `'${s}', ${c(`s${s}`)}`).join(', ')})`,
    `case when ${c('sn')} > 0 then ${c('ssum')}::float8 / 10000 / ${c('sn')} end`,
    `${c('sn')}::int`,
    `coalesce(${themes}, '{}'::jsonb)`,
    `${c('resp')}::int`,
    median,
    'm.removed::int',
  ].join(', ');
}

/** An empty medians relation (cells mode): the columns the join expects, no rows. */
const MEDIANS_NONE = (column: string) => sql.raw(`select null::int as i, null::text as source_key, null::float8 as ${column} where false`);

/** Columns written by aggregateInsertSql, in order after the four cell key columns. */
const ROW_COLUMNS =
  'source_key, review_count, rated_count, rating_sum, rating_avg, stars, sentiment_avg, sentiment_count, themes, responded_count, response_hours_median, removed_count';

/**
 * Inserts the cells' rows into rollups, or a table like it (derived columns left
 * null for derive.ts), and returns how many rows and cells were written.
 */
export function aggregateInsertSql(filter: CellFilter, computedAt: Date, into = 'rollups'): RawBuilder<{ rows: string; cells: string }> {
  const cells = filter.kind === 'cells';
  // What a cell is grouped by: its number in cells mode, its key columns in slice mode.
  const key = cells ? 'i' : CELL_KEY;
  // Day rows of the cells, with the cell's number (cells mode) or key (slice mode). Cells mode reads each
  // day row once, summed per segment (a stretch of days no cell boundary cuts: aggregate.ts), and pairs
  // each cell with its segments' sums: a day sits in its week, month, quarter and three or four r90 windows,
  // so reading it per cell read it four times over. `dayFilter` narrows the rows (a condition on d).
  const days = (dayFilter = 'true') =>
    cells
      ? sql`select cs.i, d.* from cell_segments cs join segment_days d on d.s = cs.s where ${sql.raw(dayFilter)}`
      : sql`select * from slice_days d where ${sql.raw(dayFilter)}`;
  // One index range scan per segment (offset 0 keeps it one: flattened, it becomes a hash join over every day row).
  const segmentRows = (table: string, columns: string, group: string) =>
    sql.raw(`select g.s, ${columns}
      from segments g cross join lateral (
        select * from ${table} d where d.entity_kind = g.k and d.entity_id = g.e and d.day >= g.lo_d and d.day < g.hi_d offset 0
      ) d
      group by g.s, ${group}`);
  const sliceDays = cells
    ? sql`select null`
    : sql`select d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.source_key, d.removed,
        d.n, d.rated, d.rsum, d.s1, d.s2, d.s3, d.s4, d.s5, d.sn, d.ssum, d.resp, d.hours
      from rollup_days d ${PERIODS_OF_DAY('d.day')}
      where d.day >= ${filter.loDay}::date and d.day < ${filter.hiDay}::date
        and c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;
  const sliceThemeDays = cells
    ? sql`select null`
    : sql`select d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.source_key, d.removed, d.theme, d.n, d.p
      from rollup_theme_days d ${PERIODS_OF_DAY('d.day')}
      where d.day >= ${filter.loDay}::date and d.day < ${filter.hiDay}::date
        and c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;
  // '*+removed' medians apart only for cells where a removed review has response hours.
  const sliceRemovedHours = `(${CELL_KEY}) in (select ${CELL_KEY} from slice_days d where d.removed and d.hours is not null)`;
  const keyOut = cells ? 'c.k, c.e, c.pk, c.ps' : CELL_KEY.split(', ').map((col) => `m.${col}`).join(', ');
  const joinCell = cells ? 'join touched c on c.i = m.i' : '';
  const using = sql.raw(`using (${key}, source_key)`);

  return sql<{ rows: string; cells: string }>`
    with
    touched as materialized (
      select i, k, e, pk, ps, lo_d, hi_d
      from json_to_recordset(${cells ? filter.touchedJson : '[]'}::json) as t(i int, k text, e int, pk text, ps date, lo_d date, hi_d date)
    ),
    -- Cells mode: each day row summed into its segment once (unreferenced in slice mode, so never run).
    segments as materialized (
      select s, k, e, lo_d, hi_d
      from json_to_recordset(${cells ? filter.segmentsJson : '[]'}::json) as t(s int, k text, e int, lo_d date, hi_d date)
    ),
    cell_segments as materialized (
      select i, s from json_to_recordset(${cells ? filter.cellSegmentsJson : '[]'}::json) as t(i int, s int)
    ),
    -- Sums cast back to the day columns' types, so the cell sums below are the same expressions either way.
    segment_days as materialized (${segmentRows(
      'rollup_days',
      'd.source_key, d.removed, sum(d.n)::int as n, sum(d.rated)::int as rated, sum(d.rsum)::bigint as rsum, ' +
        STARS.map((star) => `sum(d.s${star})::int as s${star}`).join(', ') +
        ', sum(d.sn)::int as sn, sum(d.ssum)::bigint as ssum, sum(d.resp)::int as resp',
      'd.source_key, d.removed',
    )}),
    -- Slice mode: each day fanned out to its cells once (unreferenced in cells mode, so never run).
    slice_days as materialized (${sliceDays}),
    slice_theme_days as (${sliceThemeDays}),
    main as (
      select ${sql.raw(key)}, coalesce(source_key, '*') as source_key,
        ${sql.raw(sums('not removed', ''))},
        coalesce(sum(n) filter (where removed), 0) as removed,
        ${sql.raw(sums('', '_all'))}
      from (${days()}) d
      group by grouping sets ((${sql.raw(key)}, source_key), (${sql.raw(key)}))
    ),
    -- Slice mode only (cells mode leaves themes to themes.ts). Per source first, then '*' from those rows (a few
    -- per theme) rather than from every day row again.
    ${cells ? sql`` : sql`
    theme_sources as (
      select ${sql.raw(key)}, source_key, theme,
        coalesce(sum(n) filter (where not removed), 0)::bigint as n, coalesce(sum(p) filter (where not removed), 0)::bigint as p,
        sum(n)::bigint as n_all, sum(p)::bigint as p_all
      from slice_theme_days d
      group by ${sql.raw(key)}, source_key, theme
    ),
    theme_cells as (
      select * from theme_sources
      union all
      select ${sql.raw(key)}, '*', theme, sum(n)::bigint, sum(p)::bigint, sum(n_all)::bigint, sum(p_all)::bigint
      from theme_sources
      group by ${sql.raw(key)}, theme
    ),
    theme_json as (
      -- Built as text and parsed once: a jsonb value per theme costs several times more.
      select ${sql.raw(key)}, source_key,
        ('{' || string_agg(to_json(theme)::text || ':{"count":' || n || ',"polaritySum":' || (p::float8 / 10000)::text || '}', ',') filter (where n > 0) || '}')::jsonb as themes,
        -- Only '*' rows become a '*+removed' row: building (and parsing) this for per-source rows was wasted work.
        ('{' || string_agg(to_json(theme)::text || ':{"count":' || n_all || ',"polaritySum":' || (p_all::float8 / 10000)::text || '}', ',')
          filter (where n_all > 0 and source_key = '*') || '}')::jsonb as themes_all
      from theme_cells
      group by ${sql.raw(key)}, source_key
    ),
    `}
    -- Slice mode: each ordered-set aggregate sorts its own input, so only the three medians rows use are computed:
    -- per source and '*' without removed reviews, '*+removed' with them, and that one only for cells holding a
    -- removed review's hours (elsewhere it is the same multiset as '*', so the same value). Cells mode leaves
    -- them null: medians.ts computes them from each day row read once (the same bits).
    medians as (${cells ? MEDIANS_NONE('rmed') : sql`
      select ${sql.raw(key)}, coalesce(source_key, '*') as source_key, percentile_cont(0.5) within group (order by h.hours) as rmed
      from (${days('d.hours is not null and not d.removed')}) d cross join lateral unnest(d.hours) as h(hours)
      group by grouping sets ((${sql.raw(key)}, source_key), (${sql.raw(key)}))`}
    ),
    medians_all as (${cells ? MEDIANS_NONE('rmed_all') : sql`
      select ${sql.raw(key)}, '*'::text as source_key, percentile_cont(0.5) within group (order by h.hours) as rmed_all
      from (${days(`d.hours is not null and ${sliceRemovedHours}`)}) d cross join lateral unnest(d.hours) as h(hours)
      group by ${sql.raw(key)}`}
    ),
    -- Cells mode leaves the themes empty too: themes.ts sums them in Node from each segment's theme rows, and
    -- insertFreshRows writes them (building a JSON object per row and theme here was most of this statement).
    joined as (${cells
      ? sql`select m.*, '{}'::jsonb as themes, '{}'::jsonb as themes_all, md.rmed, coalesce(ma.rmed_all, md.rmed) as rmed_all
        from main m left join medians md ${using} left join medians_all ma ${using}`
      : sql`select m.*, tj.themes, tj.themes_all, md.rmed, coalesce(ma.rmed_all, md.rmed) as rmed_all
        from main m left join theme_json tj ${using} left join medians md ${using} left join medians_all ma ${using}`}
    ),
    written as (
      insert into ${sql.table(into)} (${sql.raw(CELL_KEY)}, ${sql.raw(ROW_COLUMNS)}, computed_at)
      select ${sql.raw(keyOut)}, ${sql.raw(rollupRow('', 'm.source_key', 'm.themes', 'm.rmed'))}, ${computedAt}::timestamptz
      from joined m ${sql.raw(joinCell)}
      union all
      select ${sql.raw(keyOut)}, ${sql.raw(rollupRow('_all', "'*+removed'", 'm.themes_all', 'm.rmed_all'))}, ${computedAt}::timestamptz
      from joined m ${sql.raw(joinCell)}
      where m.source_key = '*'
      returning source_key
    )
    select count(*) as rows, count(*) filter (where source_key = '*') as cells from written
  `;
}
