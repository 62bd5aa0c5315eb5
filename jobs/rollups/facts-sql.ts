import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database, EntityKind } from '../../db/types';

/**
 * Keeps rollup_facts, rollup_days and rollup_theme_days, what cells are summed
 * from (aggregate-sql.ts).
 *
 * Which reviews belong to an entity:
 *  - company: every review of the organization;
 *  - location: reviews whose location_id is the location (its own profiles and
 *    the profiles of people working there);
 *  - person: reviews on the person's own profile (unless a human rejected that
 *    pairing) plus reviews attributed to them with status auto or confirmed.
 * A review's instant is published_at, else first_seen_at; days are UTC days.
 * Ratings, sentiments and polarities are summed as integers (thousandths or
 * ten-thousandths; the scorers round to that), so every sum is exact and a day
 * row updated by differences equals one counted from scratch.
 *
 * An incremental refresh costs what changed: the reviews' old facts are
 * subtracted from their day rows and the new ones added, response hours
 * included (as multisets: a median is not additive).
 */
type Db = Kysely<Database> | Transaction<Database>;

/** An (entity, UTC day) whose day rows changed. */
export interface EntityDay {
  entityKind: EntityKind;
  entityId: number;
  /** 'YYYY-MM-DD' */
  day: string;
}

const FACT_LIST = ['review_id', 'entity_kind', 'entity_id', 'day', 'source_key', 'removed', 'rating_m', 'star', 'responded', 'hours', 'sent_m', 'themes', 'polarities'];
const FACT_COLUMNS = sql.raw(FACT_LIST.join(', '));

/** A review's fact columns but its entity, from r (reviews), src (sources), sc (review_scores) and th (themes). */
const REVIEW_FACT_COLUMNS = sql`
      (coalesce(r.published_at, r.first_seen_at) at time zone 'UTC')::date as day,
      src.key as source_key,
      r.removed_at is not null as removed,
      round(r.rating * 1000)::bigint as rating_m,
      case when r.rating is null then null else least(5, greatest(1, round(r.rating)))::smallint end as star,
      (r.owner_response_text is not null or r.owner_response_at is not null) as responded,
      case when r.owner_response_at >= r.published_at
        then (extract(epoch from (r.owner_response_at - r.published_at)) / 3600.0)::float8 end as hours,
      round(sc.sentiment * 10000)::bigint as sent_m,
      th.themes, th.polarities`;
const REVIEW_FACT_JOINS = sql`
    join sources src on src.id = r.source_id
    left join review_scores sc on sc.review_id = r.id
    left join lateral (
      select array_agg(t.theme order by t.theme) as themes, array_agg(round(t.polarity * 10000)::bigint order by t.theme) as polarities
      from review_themes t where t.review_id = r.id
    ) th on true`;

/**
 * The (entity, review) pairs of the reviews in `reviews` (a relation with the
 * columns of reviews, or at least id, organization_id, location_id, person_id
 * and entity_kind): which entities a review counts for, as the header says.
 */
const pairsOf = (reviews: RawBuilder<unknown>) => sql`
      select 'company'::text as entity_kind, r.organization_id as entity_id, r.id as review_id
      from ${reviews} r
      union all
      select 'location', r.location_id, r.id
      from ${reviews} r where r.location_id is not null
      union all
      select 'person', r.person_id, r.id
      from ${reviews} r
      where r.entity_kind = 'person' and r.person_id is not null
        and not exists (select 1 from attributions a where a.review_id = r.id and a.person_id = r.person_id and a.status = 'rejected')
      union all
      select 'person', a.person_id, a.review_id
      from ${reviews} r join attributions a on a.review_id = r.id
      where a.status in ('auto', 'confirmed')
        -- Their own profile's reviews came in through the branch above.
        and not (r.entity_kind = 'person' and r.person_id is not distinct from a.person_id)`;

/** The facts of every review (full rebuild): reviews joined per pair, hash joins over the whole table. */
function allFactsQuery(): RawBuilder<unknown> {
  return sql`
    with pairs as (${pairsOf(sql`reviews`)})
    select r.id as review_id, p.entity_kind, p.entity_id, ${REVIEW_FACT_COLUMNS}
    from pairs p
    join reviews r on r.id = p.review_id
    ${REVIEW_FACT_JOINS}
  `;
}

/**
 * The facts of some reviews (incremental refresh): each review read, scored
 * and its themes gathered once, then fanned out to its entities (2–4 each),
 * where a join per pair looked everything up again for each; attributions
 * probed by review id, where the planner, its statistics lagging a batch
 * behind, scanned the whole table.
 */
function someFactsQuery(ids: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    with
    picked as materialized (
      select r.id, r.organization_id, r.location_id, r.person_id, r.entity_kind, ${REVIEW_FACT_COLUMNS}
      from unnest(${ids}) as x(id)
      join reviews r on r.id = x.id
      ${REVIEW_FACT_JOINS}
    ),
    pairs as (${pairsOf(sql`picked`)})
    select p.review_id, p.entity_kind, p.entity_id,
      r.day, r.source_key, r.removed, r.rating_m, r.star, r.responded, r.hours, r.sent_m, r.themes, r.polarities
    from pairs p join picked r on r.id = p.review_id
  `;
}

/** Signed sums of fact rows per day row: `sign` is 1 for a fact added, -1 for one taken away. */
const signed = (expr: string, cast: string) => `coalesce(sum(sign * ${expr}), 0)::${cast}`;
const DAY_SUMS = sql.raw(
  [
    signed('1', 'int'),
    signed('(rating_m is not null)::int', 'int'),
    signed('rating_m', 'bigint'),
    ...[1, 2, 3, 4, 5].map((star) => signed(`(star = ${star})::int`, 'int')),
    signed('(sent_m is not null)::int', 'int'),
    signed('sent_m', 'bigint'),
    signed('responded::int', 'int'),
  ].join(', '),
);
const DAY_KEY = sql.raw('entity_kind, entity_id, day, source_key, removed');
const DAY_COLUMNS = sql.raw('entity_kind, entity_id, day, source_key, removed, n, rated, rsum, s1, s2, s3, s4, s5, sn, ssum, resp');
const THEME_KEY = sql.raw('entity_kind, entity_id, day, source_key, removed, theme');

/** Counts every fact of every review from scratch. */
export async function rebuildFacts(db: Db): Promise<void> {
  await sql`delete from rollup_theme_days`.execute(db);
  await sql`delete from rollup_days`.execute(db);
  await sql`delete from rollup_facts`.execute(db);
  await sql`insert into rollup_facts (${FACT_COLUMNS}) ${allFactsQuery()}`.execute(db);
  await sql`
    insert into rollup_days (${DAY_COLUMNS}, hours)
    select ${DAY_KEY}, ${DAY_SUMS}, array_agg(hours order by hours) filter (where hours is not null)
    from (select 1 as sign, * from rollup_facts) f
    group by ${DAY_KEY}
  `.execute(db);
  await sql`
    insert into rollup_theme_days (${THEME_KEY}, n, p)
    select ${sql.raw('f.entity_kind, f.entity_id, f.day, f.source_key, f.removed')}, u.theme, count(*)::int, sum(u.p)::bigint
    from rollup_facts f cross join lateral unnest(f.themes, f.polarities) as u(theme, p)
    group by ${sql.raw('f.entity_kind, f.entity_id, f.day, f.source_key, f.removed')}, u.theme
  `.execute(db);
  // Fresh statistics, so the incremental statements that follow plan for batch-sized probes.
  await sql`analyze rollup_facts, rollup_days, rollup_theme_days`.execute(db);
}

/**
 * Re-counts these reviews: their old facts come out of the day rows, their
 * current facts go in. Returns the (entity, day) pairs whose rows changed
 * (every period cell holding one of them needs re-summing) and those of them
 * that lost a day row (only cells holding one of those can lose a source).
 */
export async function refreshFacts(db: Db, reviewIds: readonly number[]): Promise<{ changed: EntityDay[]; emptied: EntityDay[] }> {
  if (reviewIds.length === 0) return { changed: [], emptied: [] };
  const ids = sql`${[...reviewIds]}::bigint[]`;
  // A scratch table for this transaction: old facts with sign -1, new ones with +1.
  await sql`
    create temp table rollup_changes on commit drop as
    select -1::int as sign, ${FACT_COLUMNS} from rollup_facts where false
  `.execute(db);
  const gone = await sql<{ n: string }>`
    with gone as (
      -- A join on the ids (not "= any"), so the planner probes the primary key for a batch-sized list.
      delete from rollup_facts f using unnest(${ids}) as x(id) where f.review_id = x.id returning ${sql.raw(FACT_LIST.map((c) => `f.${c}`).join(', '))}
    ),
    moved as (insert into rollup_changes select -1, ${FACT_COLUMNS} from gone returning 1)
    select count(*) as n from moved
  `.execute(db);
  // A batch of new reviews (the usual one) takes nothing away: no day row can shrink or empty, and response
  // hours are only added. The statements for taking facts out are then skipped or simpler.
  const onlyAdded = Number(gone.rows[0]?.n ?? 0) === 0;
  await sql`
    with added as (
      insert into rollup_facts (${FACT_COLUMNS}) ${someFactsQuery(ids)}
      returning ${FACT_COLUMNS}
    )
    insert into rollup_changes select 1, ${FACT_COLUMNS} from added
  `.execute(db);
  // A temp table has no statistics until analysed; without them the planner loops over it row by row.
  await sql`analyze rollup_changes`.execute(db);
  await sql`
    insert into rollup_days as d (${DAY_COLUMNS})
    select ${DAY_KEY}, ${DAY_SUMS} from rollup_changes group by ${DAY_KEY}
    on conflict (${DAY_KEY}) do update set
      n = d.n + excluded.n, rated = d.rated + excluded.rated, rsum = d.rsum + excluded.rsum,
      s1 = d.s1 + excluded.s1, s2 = d.s2 + excluded.s2, s3 = d.s3 + excluded.s3, s4 = d.s4 + excluded.s4, s5 = d.s5 + excluded.s5,
      sn = d.sn + excluded.sn, ssum = d.ssum + excluded.ssum, resp = d.resp + excluded.resp
  `.execute(db);
  await sql`
    insert into rollup_theme_days as d (${THEME_KEY}, n, p)
    select ${sql.raw('c.entity_kind, c.entity_id, c.day, c.source_key, c.removed')}, u.theme, sum(c.sign)::int, sum(c.sign * u.p)::bigint
    from rollup_changes c cross join lateral unnest(c.themes, c.polarities) as u(theme, p)
    group by ${sql.raw('c.entity_kind, c.entity_id, c.day, c.source_key, c.removed')}, u.theme
    on conflict (${THEME_KEY}) do update set n = d.n + excluded.n, p = d.p + excluded.p
  `.execute(db);
  if (onlyAdded) {
    await sql`
      with added as (
        select ${DAY_KEY}, array_agg(hours) as hours from rollup_changes where hours is not null group by ${DAY_KEY}
      )
      update rollup_days d set hours = (select array_agg(h order by h) from unnest(d.hours || a.hours) as u(h))
      from added a
      where (d.entity_kind, d.entity_id, d.day, d.source_key, d.removed) = (a.entity_kind, a.entity_id, a.day, a.source_key, a.removed)
    `.execute(db);
    return { changed: await changedDays(db), emptied: [] };
  }
  // Medians are not additive, so each day row keeps its response hours as a sorted array: the old facts'
  // hours come out of it (as a multiset: one copy per fact) and the new ones go in.
  await sql`
    with
    changed as materialized (select distinct ${DAY_KEY} from rollup_changes where hours is not null),
    removals as (
      select ${DAY_KEY}, hours, count(*) as n from rollup_changes where sign = -1 and hours is not null group by ${DAY_KEY}, hours
    ),
    kept as (
      select d.entity_kind, d.entity_id, d.day, d.source_key, d.removed, u.h
      from rollup_days d
      join changed k using (${DAY_KEY})
      cross join lateral (select h, row_number() over (partition by h) as copy from unnest(d.hours) as h) u
      left join removals r
        on (r.entity_kind, r.entity_id, r.day, r.source_key, r.removed, r.hours) = (d.entity_kind, d.entity_id, d.day, d.source_key, d.removed, u.h)
      where u.copy > coalesce(r.n, 0)
    ),
    -- Materialized: computed once. Every changed day row appears (a null h for those whose last hours went), so
    -- the update joins this CTE alone: an outer join of two CTEs was planned as a nested loop over every pair.
    merged as materialized (
      select ${DAY_KEY}, array_agg(h order by h) filter (where h is not null) as hours
      from (
        select ${DAY_KEY}, h from kept
        union all select ${DAY_KEY}, hours from rollup_changes where sign = 1 and hours is not null
        union all select ${DAY_KEY}, null from changed
      ) x
      group by ${DAY_KEY}
    )
    update rollup_days d set hours = m.hours
    from merged m
    where (d.entity_kind, d.entity_id, d.day, d.source_key, d.removed) = (m.entity_kind, m.entity_id, m.day, m.source_key, m.removed)
  `.execute(db);
  const emptied = await sql<{ entity_kind: EntityKind; entity_id: number; day: string }>`
    delete from rollup_days where n = 0 and (${DAY_KEY}) in (select ${DAY_KEY} from rollup_changes)
    returning entity_kind, entity_id, to_char(day, 'YYYY-MM-DD') as day
  `.execute(db);
  await sql`
    delete from rollup_theme_days where n = 0
      and (entity_kind, entity_id, day) in (select entity_kind, entity_id, day from rollup_changes)
  `.execute(db);
  return { changed: await changedDays(db), emptied: emptied.rows.map(entityDay) };
}

const entityDay = (r: { entity_kind: EntityKind; entity_id: number; day: string }): EntityDay => ({ entityKind: r.entity_kind, entityId: r.entity_id, day: r.day });

/** The (entity, day) pairs refreshFacts changed; drops its scratch table. */
async function changedDays(db: Db): Promise<EntityDay[]> {
  const { rows } = await sql<{ entity_kind: EntityKind; entity_id: number; day: string }>`
    select distinct entity_kind, entity_id, to_char(day, 'YYYY-MM-DD') as day from rollup_changes
  `.execute(db);
  await sql`drop table rollup_changes`.execute(db);
  return rows.map(entityDay);
}
