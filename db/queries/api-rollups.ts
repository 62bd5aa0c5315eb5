import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind, PeriodKind } from '../types';
import { beneath } from './api-reviews';

/**
 * Rollup and review reads the API needs beyond db/queries/rollups.ts (which
 * serves series and league tables): trend series (all sources and per source), whole
 * cells (stars, themes) of several entities at once, the latest period with
 * data, unanswered negative reviews and theme quotes.
 */
type Db = Kysely<Database>;

/** What a trends series shows of one rollup cell. */
export interface TrendRow {
  entity_id: number;
  source_key: string;
  period_start: string;
  review_count: number;
  rated_count: number;
  removed_count: number;
  rating_avg: number | null;
  shrunk_rating: number | null;
  shrunk_low: number | null;
  shrunk_high: number | null;
  sentiment_avg: number | null;
  responded_count: number;
  response_hours_median: number | null;
  reputation_index: number | null;
}

/** Which cells a trends series reads, apart from the entity. */
export interface TrendShape {
  kind: EntityKind;
  periodKind: PeriodKind;
  from: string;
  to: string;
  allKey: string;
  bySource: boolean;
}

/**
 * The trend cells over [from, to] of one or more entities of a kind, for one
 * all-sources key and, with bySource, every single source too: one statement
 * where a series per source used to take one each, and where the API asks for
 * several entities at once (api/http/trend-batch.ts). Only the columns a
 * series shows are read (not the stars and themes JSON), by entity, then
 * source key, oldest first.
 */
export async function trendRows(db: Db, q: TrendShape, ids: readonly number[]): Promise<TrendRow[]> {
  if (!ids.length) return [];
  let query = db
    .selectFrom('rollups')
    .select([
      'entity_id', 'source_key', 'period_start', 'review_count', 'rated_count', 'removed_count', 'rating_avg', 'shrunk_rating', 'shrunk_low',
      'shrunk_high', 'sentiment_avg', 'responded_count', 'response_hours_median', 'reputation_index',
    ])
    .where('entity_kind', '=', q.kind)
    .where('entity_id', 'in', ids)
    .where('period_kind', '=', q.periodKind)
    .where('period_start', '>=', q.from)
    .where('period_start', '<=', q.to);
  query = q.bySource
    ? query.where((eb) => eb.or([eb('source_key', '=', q.allKey), eb('source_key', 'not in', ['*', '*+removed'])]))
    : query.where('source_key', '=', q.allKey);
  return query.orderBy('entity_id').orderBy('source_key').orderBy('period_start').execute();
}

/** The newest period of this kind that has started by `today` and has data at this level. */
export async function latestPeriodStart(db: Db, kind: EntityKind, periodKind: PeriodKind, today: string, entityId?: number): Promise<string | null> {
  let q = db
    .selectFrom('rollups')
    .select((eb) => eb.fn.max('period_start').as('p'))
    .where('entity_kind', '=', kind)
    .where('period_kind', '=', periodKind)
    .where('source_key', '=', '*')
    .where('period_start', '<=', today);
  if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
  const row = await q.executeTakeFirst();
  return (row?.p as string | null | undefined) ?? null;
}

export interface CellRow {
  entity_id: number;
  period_start: string;
  review_count: number;
  rated_count: number;
  rating_sum: number;
  rating_avg: number | null;
  stars: Record<string, number>;
  themes: Record<string, { count: number; polaritySum: number }>;
  sentiment_avg: number | null;
  responded_count: number;
  shrunk_rating: number | null;
  shrunk_low: number | null;
  shrunk_high: number | null;
  reputation_index: number | null;
}

/** All-sources cells of several entities of one kind at the given period starts. */
export async function rollupCells(db: Db, kind: EntityKind, ids: readonly number[], periodKind: PeriodKind, starts: readonly string[]): Promise<CellRow[]> {
  if (!ids.length || !starts.length) return [];
  return db
    .selectFrom('rollups')
    .select([
      'entity_id', 'period_start', 'review_count', 'rated_count', 'rating_sum', 'rating_avg', 'stars', 'themes', 'sentiment_avg',
      'responded_count', 'shrunk_rating', 'shrunk_low', 'shrunk_high', 'reputation_index',
    ])
    .where('entity_kind', '=', kind)
    .where(sql<boolean>`entity_id = any(${[...ids]}::int[])`)
    .where('period_kind', '=', periodKind)
    .where(sql<boolean>`period_start = any(${[...starts]}::date[])`)
    .where('source_key', '=', '*')
    .execute();
}

/**
 * Negative reviews (rating ≤ threshold) without an owner response, still
 * online, dated in [from, to), counted per location or per person (own
 * profile or auto/confirmed attribution).
 */
export async function unansweredNegatives(
  db: Db,
  q: { level: 'location' | 'person'; ids: readonly number[]; organizationId: number; threshold: number; from: Date; to: Date },
): Promise<Map<number, number>> {
  if (!q.ids.length) return new Map();
  const lo = q.from.toISOString();
  const hi = q.to.toISOString();
  const neg = sql`select r.id, r.location_id, r.person_id from reviews r
    where r.organization_id = ${q.organizationId} and r.rating <= ${q.threshold} and r.owner_response_text is null and r.removed_at is null
      and ((r.published_at >= ${lo} and r.published_at < ${hi}) or (r.published_at is null and r.first_seen_at >= ${lo} and r.first_seen_at < ${hi}))`;
  const ids = sql`${[...q.ids]}::int[]`;
  const result =
    q.level === 'location'
      ? await sql<{ id: number; n: number }>`
          with neg as (${neg}) select location_id as id, count(*)::int as n from neg where location_id = any(${ids}) group by location_id`.execute(db)
      : await sql<{ id: number; n: number }>`
          with neg as (${neg})
          select pid as id, count(distinct rid)::int as n from (
            select id as rid, person_id as pid from neg where person_id is not null
            union all
            select a.review_id, a.person_id from attributions a join neg on neg.id = a.review_id where a.status in ('auto', 'confirmed')
          ) x where pid = any(${ids}) group by pid`.execute(db);
  return new Map(result.rows.map((r) => [r.id, r.n]));
}

export interface QuoteRow {
  theme: string;
  review_id: number;
  polarity: number;
  quote: string;
  rating: number | null;
  published_at: Date | null;
}

/** Up to `perTheme` quotes per theme from reviews beneath the entity in [from, to): the strongest opinions first. */
export async function themeQuotes(db: Db, entity: { kind: EntityKind; id: number }, from: Date, to: Date, perTheme: number): Promise<QuoteRow[]> {
  const lo = from.toISOString();
  const hi = to.toISOString();
  const result = await sql<QuoteRow>`
    select theme, review_id, polarity, quote, rating, published_at from (
      select t.theme, t.review_id, t.polarity, t.quote, r.rating, r.published_at,
             row_number() over (partition by t.theme order by abs(t.polarity) desc, r.published_at desc nulls last, t.review_id desc) as rn
      from reviews r join review_themes t on t.review_id = r.id
      where ${beneath(entity)} and r.removed_at is null and t.quote is not null
        and ((r.published_at >= ${lo} and r.published_at < ${hi}) or (r.published_at is null and r.first_seen_at >= ${lo} and r.first_seen_at < ${hi}))
    ) x where rn <= ${perTheme}
    order by theme, rn`.execute(db);
  return result.rows;
}
