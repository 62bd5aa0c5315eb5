import { sql, type RawBuilder } from 'kysely';
import type { PeriodKind } from '../../db/types';

/**
 * The SQL behind aggregate.ts: cells summed from the day tables (facts-sql.ts
 * keeps those) and written straight into rollups, so a cell's cost is its days,
 * not its reviews, and the bulky columns (stars, themes) never travel to Node
 * and back (parsing them out of a JSON parameter cost more than summing them).
 *
 *  - cell_days / cell_theme_days: each day row paired with the cells it falls in.
 *    Cells mode (incremental): one parametrised index range scan per touched
 *    cell, keyed by the cell's number `i` (sorting on one integer is cheaper
 *    than on the four key columns). Slice mode (full rebuild): every day of the
 *    slice fanned out to its periods (periods.ts rules).
 *  - main: summed per cell for every source and for all sources (GROUPING SETS);
 *  - theme_json: the same path keyed by theme, one JSON object per row;
 *  - medians: the response hours arrays of the cell's day rows, unnested (a
 *    median is not additive);
 *  - rows: per-source and '*' rows leave removed reviews out of every metric
 *    and only count them in removed_count; '*+removed' counts them like the rest.
 *
 * Scaling back from integers (thousandths of a star, ten-thousandths of a
 * sentiment or polarity) happens in float8 here, in the same order of
 * operations as everywhere else, so every path stores the same bits.
 */
export type CellFilter =
  | { kind: 'cells'; touchedJson: string }
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

/** Columns written by aggregateInsertSql, in order after the four cell key columns. */
const ROW_COLUMNS =
  'source_key, review_count, rated_count, rating_sum, rating_avg, stars, sentiment_avg, sentiment_count, themes, responded_count, response_hours_median, removed_count';

/**
 * Inserts the cells' rows into rollups (derived columns left null for derive.ts)
 * and returns how many rows and cells were written.
 */
export function aggregateInsertSql(filter: CellFilter, computedAt: Date): RawBuilder<{ rows: string; cells: string }> {
  const cells = filter.kind === 'cells';
  // What a cell is grouped by: its number in cells mode, its key columns in slice mode.
  const key = cells ? 'i' : CELL_KEY;
  const cellDays = cells
    ? sql`select c.i, d.* from touched c cross join lateral (
        -- offset 0 keeps this a per-cell index range scan (flattened, it becomes a hash join over every day row).
        select * from rollup_days d where d.entity_kind = c.k and d.entity_id = c.e and d.day >= c.lo_d and d.day < c.hi_d offset 0
      ) d`
    : sql`select d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.source_key, d.removed,
        d.n, d.rated, d.rsum, d.s1, d.s2, d.s3, d.s4, d.s5, d.sn, d.ssum, d.resp, d.hours
      from rollup_days d ${PERIODS_OF_DAY('d.day')}
      where d.day >= ${filter.loDay}::date and d.day < ${filter.hiDay}::date
        and c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;
  const cellThemeDays = cells
    ? sql`select c.i, d.* from touched c cross join lateral (
        select * from rollup_theme_days d where d.entity_kind = c.k and d.entity_id = c.e and d.day >= c.lo_d and d.day < c.hi_d
      ) d`
    : sql`select d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.source_key, d.removed, d.theme, d.n, d.p
      from rollup_theme_days d ${PERIODS_OF_DAY('d.day')}
      where d.day >= ${filter.loDay}::date and d.day < ${filter.hiDay}::date
        and c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;
  const keyOut = cells ? 'c.k, c.e, c.pk, c.ps' : CELL_KEY.split(', ').map((col) => `m.${col}`).join(', ');
  const joinCell = cells ? 'join touched c on c.i = m.i' : '';
  const using = sql.raw(`using (${key}, source_key)`);

  return sql<{ rows: string; cells: string }>`
    with
    touched as materialized (
      select i, k, e, pk, ps, lo_d, hi_d
      from json_to_recordset(${cells ? filter.touchedJson : '[]'}::json) as t(i int, k text, e int, pk text, ps date, lo_d date, hi_d date)
    ),
    cell_days as materialized (${cellDays}),
    main as (
      select ${sql.raw(key)}, coalesce(source_key, '*') as source_key,
        ${sql.raw(sums('not removed', ''))},
        coalesce(sum(n) filter (where removed), 0) as removed,
        ${sql.raw(sums('', '_all'))}
      from cell_days
      group by grouping sets ((${sql.raw(key)}, source_key), (${sql.raw(key)}))
    ),
    theme_cells as (
      select ${sql.raw(key)}, coalesce(source_key, '*') as source_key, theme,
        coalesce(sum(n) filter (where not removed), 0) as n, coalesce(sum(p) filter (where not removed), 0) as p,
        sum(n) as n_all, sum(p) as p_all
      from (${cellThemeDays}) d
      group by grouping sets ((${sql.raw(key)}, source_key, theme), (${sql.raw(key)}, theme))
    ),
    theme_json as (
      -- Built as text and parsed once: a jsonb value per theme costs several times more.
      select ${sql.raw(key)}, source_key,
        ('{' || string_agg(to_json(theme)::text || ':{"count":' || n || ',"polaritySum":' || (p::float8 / 10000)::text || '}', ',') filter (where n > 0) || '}')::jsonb as themes,
        ('{' || string_agg(to_json(theme)::text || ':{"count":' || n_all || ',"polaritySum":' || (p_all::float8 / 10000)::text || '}', ',') filter (where n_all > 0) || '}')::jsonb as themes_all
      from theme_cells
      group by ${sql.raw(key)}, source_key
    ),
    -- Each ordered-set aggregate sorts its own input, so only the three medians rows use are computed: per
    -- source and '*' without removed reviews, '*+removed' with them, and that one only for cells holding a
    -- removed review's hours (elsewhere it is the same multiset as '*', so the same value).
    medians as (
      select ${sql.raw(key)}, coalesce(source_key, '*') as source_key, percentile_cont(0.5) within group (order by h.hours) as rmed
      from cell_days d cross join lateral unnest(d.hours) as h(hours)
      where d.hours is not null and not d.removed
      group by grouping sets ((${sql.raw(key)}, source_key), (${sql.raw(key)}))
    ),
    medians_all as (
      select ${sql.raw(key)}, '*'::text as source_key, percentile_cont(0.5) within group (order by h.hours) as rmed_all
      from cell_days d cross join lateral unnest(d.hours) as h(hours)
      where d.hours is not null and (${sql.raw(key)}) in (select ${sql.raw(key)} from cell_days where removed and hours is not null)
      group by ${sql.raw(key)}
    ),
    joined as (
      select m.*, tj.themes, tj.themes_all, md.rmed, coalesce(ma.rmed_all, md.rmed) as rmed_all
      from main m left join theme_json tj ${using} left join medians md ${using} left join medians_all ma ${using}
    ),
    written as (
      insert into rollups (${sql.raw(CELL_KEY)}, ${sql.raw(ROW_COLUMNS)}, computed_at)
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
