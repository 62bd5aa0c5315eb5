import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind } from '../../db/types';
import type { EntityRef, RatingHistory, ReviewFact, RunFact, TargetHistory, ThemeHistory } from './types';

/**
 * The database side of the alert rules: each function builds one kind of
 * history for rules.ts. A review's instant is published_at, else first_seen_at
 * (as in the rollups). People's ratings include reviews attributed to them
 * (auto or confirmed) as well as those on their own profile.
 */
type Db = Kysely<Database>;
const DAY = 86_400_000;

type Names = Map<string, string>;
const nameKey = (kind: string, id: number) => `${kind}:${id}`;

export async function entityNames(db: Db): Promise<Names> {
  const rows = await sql<{ kind: EntityKind; id: number; name: string }>`
    select 'company' as kind, id, name from organizations
    union all select 'location', id, name from locations
    union all select 'person', id, display_name from people`.execute(db);
  return new Map(rows.rows.map((r) => [nameKey(r.kind, r.id), r.name]));
}

const ref = (names: Names, kind: EntityKind, id: number): EntityRef => ({ kind, id, name: names.get(nameKey(kind, id)) ?? `${kind} ${id}` });

/** Reviews at or below `maxRating` that happened since `since` (low-star and unanswered rules). */
export async function loadNegativeReviews(db: Db, names: Names, o: { since: Date; maxRating: number }): Promise<ReviewFact[]> {
  const rows = await db
    .selectFrom('reviews as r')
    .innerJoin('sources as s', 's.id', 'r.source_id')
    .select([
      'r.id',
      'r.entity_kind',
      'r.organization_id',
      'r.location_id',
      'r.person_id',
      'r.rating',
      'r.published_at',
      'r.first_seen_at',
      'r.owner_response_text',
      'r.owner_response_at',
      'r.removed_at',
      's.key as source',
      'r.url',
      'r.author_name',
      sql<string | null>`left(coalesce(r.text, r.title), 280)`.as('excerpt'),
    ])
    .where('r.rating', '<=', o.maxRating)
    .where('r.removed_at', 'is', null)
    .where(sql<boolean>`coalesce(r.published_at, r.first_seen_at) >= ${o.since}`)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => {
    const id = r.entity_kind === 'company' ? r.organization_id : r.entity_kind === 'location' ? r.location_id! : r.person_id!;
    return {
      id: r.id,
      entity: ref(names, r.entity_kind, id),
      rating: r.rating,
      at: new Date(r.published_at ?? r.first_seen_at),
      responded: r.owner_response_text !== null || r.owner_response_at !== null,
      removed: r.removed_at !== null,
      source: r.source,
      url: r.url,
      author: r.author_name,
      excerpt: r.excerpt,
    };
  });
}

/**
 * Every review of the window, once per entity it counts for: its company,
 * its location, the person whose profile it is on and the people it is
 * attributed to. `cols` picks what else each row carries.
 */
function perEntity(from: Date) {
  return sql`
    with r as (
      select id, rating, coalesce(published_at, first_seen_at) as at, organization_id, location_id, person_id
      from reviews where removed_at is null and coalesce(published_at, first_seen_at) >= ${from}
    ), people as (
      select r.id as review_id, r.person_id from r where r.person_id is not null
      union
      select a.review_id, a.person_id from attributions a join r on r.id = a.review_id where a.status in ('auto', 'confirmed')
    ), e as (
      select 'company' as kind, organization_id as entity_id, id as review_id, rating, at from r
      union all select 'location', location_id, id, rating, at from r where location_id is not null
      union all select 'person', p.person_id, r.id, r.rating, r.at from r join people p on p.review_id = r.id
    )`;
}

/** Ratings in [recentFrom − baselineDays, recentFrom) and [recentFrom, now]. */
export async function loadRatingHistories(db: Db, names: Names, o: { now: Date; recentDays: number; baselineDays: number }): Promise<RatingHistory[]> {
  const recentFrom = new Date(o.now.getTime() - o.recentDays * DAY);
  const from = new Date(recentFrom.getTime() - o.baselineDays * DAY);
  const rows = await sql<{ kind: EntityKind; entity_id: number; bn: number; bsum: number | null; bsq: number | null; rn: number; rsum: number | null }>`
    ${perEntity(from)}
    select kind, entity_id,
      count(*) filter (where at < ${recentFrom}) as bn,
      sum(rating) filter (where at < ${recentFrom}) as bsum,
      sum(rating * rating) filter (where at < ${recentFrom}) as bsq,
      count(*) filter (where at >= ${recentFrom}) as rn,
      sum(rating) filter (where at >= ${recentFrom}) as rsum
    from e where rating is not null
    group by kind, entity_id`.execute(db);
  return rows.rows.map((r) => ({
    entity: ref(names, r.kind, r.entity_id),
    baseline: { n: Number(r.bn), sum: Number(r.bsum ?? 0), sumSq: Number(r.bsq ?? 0) },
    recent: { n: Number(r.rn), sum: Number(r.rsum ?? 0) },
  }));
}

/** Theme mentions in the last `days` and the `days` before. */
export async function loadThemeHistories(db: Db, names: Names, o: { now: Date; days: number }): Promise<ThemeHistory[]> {
  const currentFrom = new Date(o.now.getTime() - o.days * DAY);
  const from = new Date(currentFrom.getTime() - o.days * DAY);
  const rows = await sql<{ kind: EntityKind; entity_id: number; theme: string; cn: number; csum: number | null; pn: number; psum: number | null }>`
    ${perEntity(from)}
    select e.kind, e.entity_id, t.theme,
      count(*) filter (where e.at >= ${currentFrom}) as cn,
      sum(t.polarity) filter (where e.at >= ${currentFrom}) as csum,
      count(*) filter (where e.at < ${currentFrom}) as pn,
      sum(t.polarity) filter (where e.at < ${currentFrom}) as psum
    from e join review_themes t on t.review_id = e.review_id
    group by e.kind, e.entity_id, t.theme`.execute(db);
  return rows.rows.map((r) => ({
    entity: ref(names, r.kind, r.entity_id),
    theme: r.theme,
    current: { n: Number(r.cn), polaritySum: Number(r.csum ?? 0) },
    previous: { n: Number(r.pn), polaritySum: Number(r.psum ?? 0) },
  }));
}

/** Enabled targets with their last `runs` finished runs, newest first. */
export async function loadTargetHistories(db: Db, names: Names, o: { runs: number }): Promise<TargetHistory[]> {
  const targets = await db
    .selectFrom('targets as t')
    .innerJoin('sources as s', 's.id', 't.source_id')
    .select(['t.id', 't.key', 's.key as source', 't.entity_kind', 't.organization_id', 't.location_id', 't.person_id'])
    .where('t.enabled', '=', true)
    .execute();
  const runs = await sql<{
    id: number;
    target_id: number;
    status: RunFact['status'];
    started_at: Date;
    site_review_count: number | null;
    stored_review_count: number | null;
    blocked_reason: string | null;
    error_message: string | null;
  }>`
    select * from (
      select id, target_id, status, started_at, site_review_count, stored_review_count, blocked_reason, error_message,
        row_number() over (partition by target_id order by started_at desc, id desc) as rn
      from crawl_runs where status <> 'running'
    ) x where rn <= ${o.runs} order by target_id, rn`.execute(db);
  const byTarget = new Map<number, RunFact[]>();
  for (const r of runs.rows) {
    const list = byTarget.get(r.target_id) ?? [];
    list.push({
      id: r.id,
      status: r.status,
      startedAt: new Date(r.started_at),
      siteReviewCount: r.site_review_count,
      storedReviewCount: r.stored_review_count,
      blockedReason: r.blocked_reason,
      errorMessage: r.error_message,
    });
    byTarget.set(r.target_id, list);
  }
  return targets.map((t) => {
    const id = t.entity_kind === 'company' ? t.organization_id : t.entity_kind === 'location' ? t.location_id! : t.person_id!;
    return { targetId: t.id, key: t.key, source: t.source, entity: ref(names, t.entity_kind, id), runs: byTarget.get(t.id) ?? [] };
  });
}
