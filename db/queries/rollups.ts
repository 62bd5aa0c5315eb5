import { sql, type Kysely, type Transaction } from 'kysely';
import { cellRange } from '../../jobs/rollups/periods';
import { ALL_SOURCES } from '../../jobs/rollups/types';
import { groupBy } from '../../core/group-by';
import { rankWithMinimum } from '../../processing/stats';
import type { Database, EntityKind, PeriodKind, Rollup } from '../types';

/**
 * Reads of the rollups table for the API and dashboards. sourceKey defaults to
 * '*' (all sources, removed reviews left out); '*+removed' counts removed
 * reviews too; any source key (e.g. 'google') gives that source alone.
 * Period ranges are inclusive: from <= period_start <= to.
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface SeriesPoint {
  periodStart: string;
  reviewCount: number;
  ratedCount: number;
  ratingAvg: number | null;
  stars: Record<string, number>;
  sentimentAvg: number | null;
  sentimentCount: number;
  themes: Record<string, { count: number; polaritySum: number }>;
  respondedCount: number;
  /** responded / reviews, null without reviews. */
  responseRate: number | null;
  responseHoursMedian: number | null;
  removedCount: number;
  shrunkRating: number | null;
  shrunkLow: number | null;
  shrunkHigh: number | null;
  reputationIndex: number | null;
  indexVersion: string | null;
}

export interface SeriesQuery {
  entityKind: EntityKind;
  entityId: number;
  periodKind: PeriodKind;
  from: string;
  to: string;
  sourceKey?: string;
  /** Leave out the stars and themes JSON (empty objects in the points): the bulkiest columns, which charts of ratings do not need. */
  light?: boolean;
}

/** Every rollups column but stars and themes. */
const LIGHT_COLUMNS = [
  'entity_kind', 'entity_id', 'period_kind', 'period_start', 'source_key', 'review_count', 'rated_count', 'rating_sum', 'rating_avg',
  'sentiment_avg', 'sentiment_count', 'responded_count', 'response_hours_median', 'removed_count', 'shrunk_rating', 'shrunk_low',
  'shrunk_high', 'reputation_index', 'index_version', 'computed_at',
] as const;

/** The rows of one entity kind, ids, period kind, source key and range, oldest first. */
async function readRollups(db: Db, q: SeriesQuery, kind: EntityKind, ids: number[]): Promise<Rollup[]> {
  const base = db
    .selectFrom('rollups')
    .where('entity_kind', '=', kind)
    .where('entity_id', 'in', ids)
    .where('period_kind', '=', q.periodKind)
    .where('source_key', '=', q.sourceKey ?? ALL_SOURCES)
    .where('period_start', '>=', q.from)
    .where('period_start', '<=', q.to)
    .orderBy('period_start');
  if (!q.light) return base.selectAll().execute();
  const rows = await base.select([...LIGHT_COLUMNS]).execute();
  return rows.map((r) => ({ ...r, stars: {}, themes: {} }));
}

function toPoint(r: Rollup): SeriesPoint {
  return {
    periodStart: r.period_start,
    reviewCount: r.review_count,
    ratedCount: r.rated_count,
    ratingAvg: r.rating_avg,
    stars: r.stars,
    sentimentAvg: r.sentiment_avg,
    sentimentCount: r.sentiment_count,
    themes: r.themes,
    respondedCount: r.responded_count,
    responseRate: r.review_count > 0 ? r.responded_count / r.review_count : null,
    responseHoursMedian: r.response_hours_median,
    removedCount: r.removed_count,
    shrunkRating: r.shrunk_rating,
    shrunkLow: r.shrunk_low,
    shrunkHigh: r.shrunk_high,
    reputationIndex: r.reputation_index,
    indexVersion: r.index_version,
  };
}

/** One entity's rollups over time, oldest first. Periods without reviews have no point. */
export async function getSeries(db: Db, q: SeriesQuery): Promise<SeriesPoint[]> {
  return (await readRollups(db, q, q.entityKind, [q.entityId])).map(toPoint);
}

export interface ChildSeries {
  entityKind: EntityKind;
  entityId: number;
  key: string;
  name: string;
  points: SeriesPoint[];
}

/**
 * The series of an entity's children, to compare them: a company's locations,
 * a location's people, a person's direct reports. Every child is listed (empty
 * points when it has no reviews in the range), by name.
 */
export async function getChildrenSeries(db: Db, q: SeriesQuery): Promise<ChildSeries[]> {
  let children: { kind: EntityKind; id: number; key: string; name: string }[];
  if (q.entityKind === 'company') {
    const rows = await db.selectFrom('locations').select(['id', 'key', 'name']).where('organization_id', '=', q.entityId).orderBy('name').execute();
    children = rows.map((r) => ({ kind: 'location', id: r.id, key: r.key, name: r.name }));
  } else {
    const column = q.entityKind === 'location' ? 'location_id' : 'manager_id';
    const rows = await db.selectFrom('people').select(['id', 'key', 'display_name']).where(column, '=', q.entityId).orderBy('display_name').execute();
    children = rows.map((r) => ({ kind: 'person', id: r.id, key: r.key, name: r.display_name }));
  }
  if (children.length === 0) return [];
  const kind = children[0]!.kind;
  const rows = await readRollups(
    db,
    q,
    kind,
    children.map((c) => c.id),
  );
  const byEntity = groupBy(rows, (r) => r.entity_id);
  return children.map((c) => ({ entityKind: c.kind, entityId: c.id, key: c.key, name: c.name, points: (byEntity.get(c.id) ?? []).map(toPoint) }));
}

export interface RankingQuery {
  level: 'location' | 'person';
  withinLocationId?: number;
  team?: string;
  periodKind: PeriodKind;
  periodStart: string;
  /** Usually settings.scoring.minReviewsForRank. */
  minCount: number;
  sourceKey?: string;
  organizationId?: number;
}

export interface RankingRow {
  entityKind: 'location' | 'person';
  entityId: number;
  key: string;
  name: string;
  locationId: number | null;
  team: string | null;
  /** Rated reviews in the period: what the minimum applies to. */
  n: number;
  reviewCount: number;
  ratingAvg: number | null;
  /** Shrunk rating; null when the entity has no rated review in the period (never ranked). */
  shrunk: number | null;
  low: number | null;
  high: number | null;
  reputationIndex: number | null;
}

export interface Ranking {
  ranked: (RankingRow & { rank: number })[];
  /** Below the minimum: shown apart, never ranked. */
  notEnoughReviews: RankingRow[];
  minCount: number;
}

/** What a league table shows of a cell: not the stars and themes JSON, which made up most of a row's bytes to send and parse. */
const RANK_COLUMNS = sql.raw('r.rated_count, r.review_count, r.rating_avg, r.shrunk_rating, r.shrunk_low, r.shrunk_high, r.reputation_index');

/**
 * A league table for one period: everyone eligible at the level (active
 * locations; people active during the period, optionally of one location or
 * team) ranked by shrunk rating, with those under minCount rated reviews apart.
 */
export async function getRankingRows(db: Db, q: RankingQuery): Promise<Ranking> {
  const within = q.withinLocationId === undefined ? undefined : [q.withinLocationId];
  return rankTable(await rankingCandidates(db, q, within), q.minCount);
}

/**
 * The league tables of people within each of several locations, read in one
 * statement: the API answers concurrent requests for different locations'
 * tables this way (api/http/batch-by-shape.ts). Every location asked for has a
 * table, empty when it has nobody eligible.
 */
export async function getRankingRowsByLocation(
  db: Db,
  q: Omit<RankingQuery, 'level' | 'withinLocationId'>,
  locationIds: readonly number[],
): Promise<Map<number, Ranking>> {
  const rows = locationIds.length ? await rankingCandidates(db, { ...q, level: 'person' }, locationIds) : [];
  const byLocation = groupBy(rows, (r) => r.locationId);
  return new Map(locationIds.map((id) => [id, rankTable(byLocation.get(id) ?? [], q.minCount)]));
}

/** Everyone eligible for a table, by name; with locationIds, only those locations (level location) or their people. */
async function rankingCandidates(db: Db, q: RankingQuery, locationIds: readonly number[] | undefined): Promise<RankingRow[]> {
  const sourceKey = q.sourceKey ?? ALL_SOURCES;
  const { from, to } = cellRange(q.periodKind, q.periodStart);
  const lastDay = new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10);
  const fromDay = from.toISOString().slice(0, 10);
  const joinRollup = (kind: string, idColumn: string) =>
    sql`left join rollups r on r.entity_kind = ${kind} and r.entity_id = ${sql.ref(idColumn)} and r.period_kind = ${q.periodKind}
      and r.period_start = ${q.periodStart}::date and r.source_key = ${sourceKey}`;
  const org = q.organizationId === undefined ? sql`` : sql`and e.organization_id = ${q.organizationId}`;
  const inLocations = (column: string) => (locationIds === undefined ? sql`` : sql`and ${sql.ref(column)} in (${sql.join(locationIds)})`);
  const result =
    q.level === 'location'
      ? await sql<RawRankRow>`
          select e.id, e.key, e.name, e.id as location_id, null::text as team, ${RANK_COLUMNS}
          from locations e ${joinRollup('location', 'e.id')}
          where (e.active or r.entity_id is not null) ${org} ${inLocations('e.id')}
          order by e.name, e.id`.execute(db)
      : await sql<RawRankRow>`
          select e.id, e.key, e.display_name as name, e.location_id, e.team, ${RANK_COLUMNS}
          from people e ${joinRollup('person', 'e.id')}
          where (r.entity_id is not null
              or ((e.active_from is null or e.active_from <= ${lastDay}::date) and (e.active_to is null or e.active_to >= ${fromDay}::date))) ${org}
            ${inLocations('e.location_id')}
            ${q.team === undefined ? sql`` : sql`and e.team = ${q.team}`}
          order by e.display_name, e.id`.execute(db);
  return result.rows.map((r) => ({
    entityKind: q.level,
    entityId: r.id,
    key: r.key,
    name: r.name,
    locationId: r.location_id,
    team: r.team,
    n: r.rated_count ?? 0,
    reviewCount: r.review_count ?? 0,
    ratingAvg: r.rating_avg,
    shrunk: r.shrunk_rating,
    low: r.shrunk_low,
    high: r.shrunk_high,
    reputationIndex: r.reputation_index,
  }));
}

function rankTable(rows: RankingRow[], minCount: number): Ranking {
  // rankWithMinimum never ranks a non-finite value: entities without a rating land with the too-few.
  const { ranked, notEnoughReviews } = rankWithMinimum(
    rows.map((row) => ({ row, n: row.n, shrunk: row.shrunk ?? Number.NaN })),
    { minCount },
  );
  return { ranked: ranked.map((x) => ({ ...x.row, rank: x.rank })), notEnoughReviews: notEnoughReviews.map((x) => x.row), minCount };
}

interface RawRankRow {
  id: number;
  key: string;
  name: string;
  location_id: number | null;
  team: string | null;
  rated_count: number | null;
  review_count: number | null;
  rating_avg: number | null;
  shrunk_rating: number | null;
  shrunk_low: number | null;
  shrunk_high: number | null;
  reputation_index: number | null;
}
