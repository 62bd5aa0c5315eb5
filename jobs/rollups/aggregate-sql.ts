import { sql, type RawBuilder } from 'kysely';
import type { PeriodKind } from '../../db/types';

/**
 * The SQL behind aggregate.ts: cells summed from the day tables (facts-sql.ts
 * keeps those), so a cell's cost is its days, not its reviews.
 *  - main: day rows fanned out to their cells (periods.ts rules) and summed per
 *    cell for every source and for all sources (GROUPING SETS);
 *  - themes: the same path keyed by theme;
 *  - medians: the response hours arrays of the cell's day rows, unnested (a
 *    median is not additive).
 * Cells mode joins each day to the touched cells whose range holds it; slice
 * mode fans every day of the slice out to its periods and keeps the slice's.
 */
export type CellFilter =
  | { kind: 'cells'; touchedJson: string }
  | { kind: 'slice'; periodKind: PeriodKind; from: string; to: string; loDay: string; hiDay: string };

const STARS = [1, 2, 3, 4, 5];

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

const CELL_GROUPS = (p: string) =>
  sql.raw(`grouping sets ((${p}entity_kind, ${p}entity_id, c.period_kind, c.period_start, ${p}source_key), (${p}entity_kind, ${p}entity_id, c.period_kind, c.period_start))`);

function sums(filter: string, suffix: string): RawBuilder<unknown> {
  const f = filter ? ` filter (where ${filter})` : '';
  return sql.raw(
    [
      `coalesce(sum(n)${f}, 0) as n${suffix}`,
      `coalesce(sum(rated)${f}, 0) as rated${suffix}`,
      `coalesce(sum(rsum)${f}, 0) as rsum${suffix}`,
      ...STARS.map((s) => `coalesce(sum(s${s})${f}, 0) as s${s}${suffix}`),
      `coalesce(sum(sn)${f}, 0) as sn${suffix}`,
      `coalesce(sum(ssum)${f}, 0) as ssum${suffix}`,
      `coalesce(sum(resp)${f}, 0) as resp${suffix}`,
    ].join(',\n'),
  );
}

export function aggregateSql(filter: CellFilter) {
  const cells = filter.kind === 'cells';
  const toCells = cells
    ? sql.raw(`join touched c on c.k = d.entity_kind and c.e = d.entity_id and d.day >= c.lo_d and d.day < c.hi_d`)
    : sql`${PERIODS_OF_DAY('d.day')}
      where d.day >= ${filter.loDay}::date and d.day < ${filter.hiDay}::date
        and c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;

  return sql`
    with
    touched as materialized (
      select k, e, pk as period_kind, ps as period_start, lo_d, hi_d
      from json_to_recordset(${cells ? filter.touchedJson : '[]'}::json) as t(k text, e int, pk text, ps date, lo_d date, hi_d date)
    ),
    main as (
      select d.entity_kind, d.entity_id, c.period_kind, c.period_start, coalesce(d.source_key, '*') as source_key,
        ${sums('not removed', '')},
        coalesce(sum(n) filter (where removed), 0) as removed,
        ${sums('', '_all')}
      from rollup_days d ${toCells}
      group by ${CELL_GROUPS('d.')}
    ),
    theme_cells as (
      select d.entity_kind, d.entity_id, c.period_kind, c.period_start, coalesce(d.source_key, '*') as source_key, d.theme,
        coalesce(sum(n) filter (where not removed), 0) as n, coalesce(sum(p) filter (where not removed), 0) as p,
        sum(n) as n_all, sum(p) as p_all
      from rollup_theme_days d ${toCells}
      group by grouping sets (
        (d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.source_key, d.theme),
        (d.entity_kind, d.entity_id, c.period_kind, c.period_start, d.theme)
      )
    ),
    theme_json as (
      select entity_kind, entity_id, period_kind, period_start, source_key,
        json_object_agg(theme, json_build_array(n, p, n_all, p_all)) as themes
      from theme_cells
      group by entity_kind, entity_id, period_kind, period_start, source_key
    ),
    medians as (
      select d.entity_kind, d.entity_id, c.period_kind, c.period_start, coalesce(d.source_key, '*') as source_key,
        percentile_cont(0.5) within group (order by h.hours) filter (where not d.removed) as rmed,
        percentile_cont(0.5) within group (order by h.hours) as rmed_all
      from (select * from rollup_days where hours is not null) d
        cross join lateral unnest(d.hours) as h(hours)
        ${toCells}
      group by ${CELL_GROUPS('d.')}
    )
    select m.*, tj.themes, md.rmed, md.rmed_all
    from main m
    left join theme_json tj using (entity_kind, entity_id, period_kind, period_start, source_key)
    left join medians md using (entity_kind, entity_id, period_kind, period_start, source_key)
  `;
}
