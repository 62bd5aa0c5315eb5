import { sql, type RawBuilder } from 'kysely';
import type { EntityKind, PeriodKind } from '../../db/types';

/**
 * The SQL behind aggregate.ts, in three steps:
 *  1. pairs → facts: one row per (entity, review) with what the metrics need;
 *  2. days: facts summed per (entity, source, UTC day, removed?) — additive
 *     integer counts and sums, so a company's thousands of reviews a month
 *     become a few rows per day before anything fans out to periods;
 *  3. each day fans out to its week, month, quarter and r90 cells (periods.ts
 *     rules), filtered to the wanted cells, then summed per cell for every
 *     source and for all sources (GROUPING SETS).
 * Themes follow the same path keyed by theme. The median response time is not
 * additive, so it is taken from the answered reviews themselves.
 * Ratings, sentiments and polarities are summed as integers (thousandths or
 * ten-thousandths; the scorers round to that) so every sum is exact and the
 * result cannot depend on the order rows are added in.
 */
export type CellFilter =
  | { kind: 'cells'; touchedJson: string }
  | { kind: 'slice'; periodKind: PeriodKind; from: string; to: string; lo: string; hi: string };

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

export function aggregateSql(filter: CellFilter, spanJoin: (kind: EntityKind, idColumn: string) => RawBuilder<unknown>) {
  const cells = filter.kind === 'cells';
  const inWindow = (lo: unknown, hi: unknown) =>
    sql`((r.published_at >= ${lo} and r.published_at < ${hi}) or (r.published_at is null and r.first_seen_at >= ${lo} and r.first_seen_at < ${hi}))`;
  const sliceWhere = filter.kind === 'slice' ? sql`and ${inWindow(filter.lo, filter.hi)}` : sql``;
  // Cells mode joins each day to the touched cells whose range holds it (a hash join on the entity, then a
  // range check); slice mode fans every day out to its periods and keeps the slice's.
  const toCells = cells
    ? sql.raw(`join touched c on c.k = d.entity_kind and c.e = d.entity_id and d.day >= c.lo_d and d.day < c.hi_d`)
    : sql`${PERIODS_OF_DAY('d.day')}
      where c.period_kind = ${filter.periodKind} and c.period_start >= ${filter.from}::date and c.period_start < ${filter.to}::date`;
  const dayKeys = sql.raw('entity_kind, entity_id, source_key, day, removed');

  return sql`
    with
    touched as materialized (
      select k, e, pk as period_kind, ps as period_start, lo, hi, (lo at time zone 'UTC')::date as lo_d, (hi at time zone 'UTC')::date as hi_d
      from json_to_recordset(${cells ? filter.touchedJson : '[]'}::json) as t(k text, e int, pk text, ps date, lo timestamptz, hi timestamptz)
    ),
    spans as materialized (select k, e, min(lo) as lo, max(hi) as hi from touched group by k, e),
    pairs as (
      select 'company'::text as entity_kind, r.organization_id as entity_id, r.id as review_id
      from reviews r ${spanJoin('company', 'r.organization_id')}
      where true ${sliceWhere}
      union all
      select 'location', r.location_id, r.id
      from reviews r ${spanJoin('location', 'r.location_id')}
      where r.location_id is not null ${sliceWhere}
      union all
      select 'person', r.person_id, r.id
      from reviews r ${spanJoin('person', 'r.person_id')}
      where r.entity_kind = 'person' and r.person_id is not null ${sliceWhere}
        and not exists (select 1 from attributions a where a.review_id = r.id and a.person_id = r.person_id and a.status = 'rejected')
      union all
      select 'person', a.person_id, a.review_id
      from attributions a join reviews r on r.id = a.review_id ${spanJoin('person', 'a.person_id')}
      where a.status in ('auto', 'confirmed') ${sliceWhere}
        -- Their own profile's reviews came in through the branch above.
        and not (r.entity_kind = 'person' and r.person_id is not distinct from a.person_id)
    ),
    -- Materialized: the planner must not join the touched cells into the review scan (it multiplies rows).
    facts as materialized (
      select p.entity_kind, p.entity_id, r.id, src.key as source_key,
        (coalesce(r.published_at, r.first_seen_at) at time zone 'UTC')::date as day,
        r.removed_at is not null as removed,
        round(r.rating * 1000)::bigint as rating_m,
        case when r.rating is null then null else least(5, greatest(1, round(r.rating)))::int end as star,
        (r.owner_response_text is not null or r.owner_response_at is not null) as responded,
        case when r.owner_response_at >= r.published_at
          then (extract(epoch from (r.owner_response_at - r.published_at)) / 3600.0)::float8 end as hours,
        round(sc.sentiment * 10000)::bigint as sent_m
      from pairs p
      join reviews r on r.id = p.review_id
      join sources src on src.id = r.source_id
      left join review_scores sc on sc.review_id = r.id
    ),
    days as (
      select ${dayKeys},
        count(*)::int as n, count(rating_m)::int as rated, coalesce(sum(rating_m), 0)::bigint as rsum,
        ${sql.raw(STARS.map((s) => `(count(*) filter (where star = ${s}))::int as s${s}`).join(', '))},
        count(sent_m)::int as sn, coalesce(sum(sent_m), 0)::bigint as ssum,
        (count(*) filter (where responded))::int as resp
      from facts group by ${dayKeys}
    ),
    main as (
      select d.entity_kind, d.entity_id, c.period_kind, c.period_start, coalesce(d.source_key, '*') as source_key,
        ${sums('not removed', '')},
        coalesce(sum(n) filter (where removed), 0) as removed,
        ${sums('', '_all')}
      from days d ${toCells}
      group by ${CELL_GROUPS('d.')}
    ),
    theme_days as (
      select f.entity_kind, f.entity_id, f.source_key, f.day, f.removed, th.theme,
        count(*)::int as n, sum(round(th.polarity * 10000)::bigint)::bigint as p
      from facts f join review_themes th on th.review_id = f.id
      group by f.entity_kind, f.entity_id, f.source_key, f.day, f.removed, th.theme
    ),
    theme_cells as (
      select d.entity_kind, d.entity_id, c.period_kind, c.period_start, coalesce(d.source_key, '*') as source_key, d.theme,
        coalesce(sum(n) filter (where not removed), 0) as n, coalesce(sum(p) filter (where not removed), 0) as p,
        sum(n) as n_all, sum(p) as p_all
      from theme_days d ${toCells}
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
        percentile_cont(0.5) within group (order by d.hours) filter (where not d.removed) as rmed,
        percentile_cont(0.5) within group (order by d.hours) as rmed_all
      from (select * from facts where hours is not null) d ${toCells}
      group by ${CELL_GROUPS('d.')}
    )
    select m.*, tj.themes, md.rmed, md.rmed_all
    from main m
    left join theme_json tj using (entity_kind, entity_id, period_kind, period_start, source_key)
    left join medians md using (entity_kind, entity_id, period_kind, period_start, source_key)
  `;
}
