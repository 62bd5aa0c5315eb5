import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PeriodKind } from '../../db/types';
import type { CellRef } from './aggregate';
import type { Hierarchy } from './derive';
import { rowKey, type DerivationInput, type RollupDerived, type ThemeTotals } from './types';

/**
 * Reads and bulk writes of the rollups table for the refresh job (new rows are
 * inserted by aggregate.ts, in SQL). Rows travel as one JSON parameter per
 * statement (json_to_recordset), in chunks so a full rebuild never builds one
 * giant string.
 */
type Db = Kysely<Database> | Transaction<Database>;

const CHUNK = 5000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const KEY_COLUMNS = 'k text, e int, pk text, ps date, sk text';

/**
 * A row's key and derived values (and a fresh row's median and themes) as one JSON object, written out: object
 * spreads cost more per row here. Undefined fields are left out by JSON.stringify.
 */
function derivedJson(r: RowKey, d: RollupDerived, median?: number | null, themes?: Record<string, ThemeTotals>) {
  return {
    k: r.entityKind, e: r.entityId, pk: r.periodKind, ps: r.periodStart, sk: r.sourceKey,
    sr: d.shrunkRating, sl: d.shrunkLow, shi: d.shrunkHigh, ri: d.reputationIndex, iv: d.indexVersion, rm: median, th: themes,
  };
}

type RowKey = { entityKind: string; entityId: number; periodKind: string; periodStart: string; sourceKey: string };
/** A row and the derived values to store for it. */
export type DerivedWrite = readonly [row: RowKey, derived: RollupDerived];
/** A fresh row (with its median response hours and themes, computed in Node) and its derived values. */
export type FreshWrite = readonly [
  row: RowKey & { responseHoursMedian: number | null; themes: Record<string, ThemeTotals> },
  derived: RollupDerived,
];

/**
 * Deletes the rows of these cells that the fresh table has no row for (a source
 * the cell no longer holds); insertFreshRows writes over the others.
 */
export async function deleteVanishedRows(trx: Db, cells: readonly CellRef[]): Promise<void> {
  for (const part of chunks(cells)) {
    const json = part.map((c) => ({ k: c.entityKind, e: c.entityId, pk: c.periodKind, ps: c.periodStart }));
    await sql`
      delete from rollups r using json_to_recordset(${JSON.stringify(json)}::json) as x(k text, e int, pk text, ps date)
      where r.entity_kind = x.k and r.entity_id = x.e and r.period_kind = x.pk and r.period_start = x.ps
        and not exists (
          select 1 from ${sql.table(FRESH_TABLE)} f
          where f.entity_kind = r.entity_kind and f.entity_id = r.entity_id and f.period_kind = r.period_kind
            and f.period_start = r.period_start and f.source_key = r.source_key
        )
    `.execute(trx);
  }
}

export async function deleteAllRollups(trx: Db): Promise<void> {
  await sql`delete from rollups`.execute(trx);
}

/** Sets the derived columns of existing rows. */
export async function updateDerived(trx: Db, rows: readonly DerivedWrite[], computedAt: Date): Promise<void> {
  for (const part of chunks(rows)) {
    const json = part.map(([r, d]) => derivedJson(r, d));
    await sql`
      update rollups r set shrunk_rating = x.sr, shrunk_low = x.sl, shrunk_high = x.shi, reputation_index = x.ri,
        index_version = x.iv, computed_at = ${computedAt}
      from json_to_recordset(${JSON.stringify(json)}::json) as x(${sql.raw(KEY_COLUMNS)}, sr float8, sl float8, shi float8, ri float8, iv text)
      where r.entity_kind = x.k and r.entity_id = x.e and r.period_kind = x.pk and r.period_start = x.ps and r.source_key = x.sk
    `.execute(trx);
  }
}

export type StoredRollup = DerivationInput & RollupDerived;

/** Where an incremental refresh sums its cells before their derived columns are known (this transaction only). */
export const FRESH_TABLE = 'rollup_fresh';
type RollupsTable = 'rollups' | typeof FRESH_TABLE;

export async function createFreshTable(trx: Db): Promise<void> {
  // Its key indexed: deleteVanishedRows probes it once per stored row, which without the index was a sequential
  // scan each (minutes after a 20,000-review batch; the planner expects a handful of rows from the JSON list).
  await sql`
    create temp table ${sql.table(FRESH_TABLE)} (like rollups, primary key (entity_kind, entity_id, period_kind, period_start, source_key))
    on commit drop
  `.execute(trx);
}

/**
 * Moves the fresh rows into rollups with their derived columns, over the stored
 * rows of the same key: one write per row, where deleting the old rows, inserting
 * the new ones bare and updating them after wrote each twice and added index
 * entries (an update in place can be HOT: no indexed column changes).
 */
export async function insertFreshRows(trx: Db, rows: readonly FreshWrite[], computedAt: Date): Promise<void> {
  // The median and themes come with the row (medians.ts and themes.ts compute them in Node), the counts from the fresh table.
  const counted = COUNTED_COLUMNS.map((c) => (c === 'response_hours_median' ? 'x.rm' : c === 'themes' ? 'x.th' : `f.${c}`)).join(', ');
  for (const part of chunks(rows)) {
    const json = part.map(([r, d]) => derivedJson(r, d, r.responseHoursMedian, r.themes));
    await sql`
      insert into rollups (${sql.raw(ALL_COLUMNS)})
      select ${sql.raw(counted)}, x.sr, x.sl, x.shi, x.ri, x.iv, ${computedAt}::timestamptz
      from ${sql.table(FRESH_TABLE)} f
      join json_to_recordset(${JSON.stringify(json)}::json) as x(${sql.raw(KEY_COLUMNS)}, sr float8, sl float8, shi float8, ri float8, iv text, rm float8, th jsonb)
        on f.entity_kind = x.k and f.entity_id = x.e and f.period_kind = x.pk and f.period_start = x.ps and f.source_key = x.sk
      on conflict (entity_kind, entity_id, period_kind, period_start, source_key) do update set
        ${sql.raw(UPDATED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', '))}
      -- A re-summed cell's other sources often come out as they were (a batch's review lands in one source): such a
      -- row is left alone, with its computed_at, rather than written again as a new row version with the same values.
      where (${sql.raw(COMPARED_COLUMNS.map((c) => `rollups.${c}`).join(', '))})
        is distinct from (${sql.raw(COMPARED_COLUMNS.map((c) => `excluded.${c}`).join(', '))})
    `.execute(trx);
  }
  await sql`drop table ${sql.table(FRESH_TABLE)}`.execute(trx);
}

const COUNTED_COLUMNS = [
  'entity_kind', 'entity_id', 'period_kind', 'period_start', 'source_key', 'review_count', 'rated_count', 'rating_sum', 'rating_avg', 'stars',
  'sentiment_avg', 'sentiment_count', 'themes', 'responded_count', 'response_hours_median', 'removed_count',
];
const ALL_COLUMNS = [...COUNTED_COLUMNS, 'shrunk_rating', 'shrunk_low', 'shrunk_high', 'reputation_index', 'index_version', 'computed_at'].join(', ');
/** Every column but the key. */
const UPDATED_COLUMNS = ALL_COLUMNS.split(', ').slice(5);
/** What makes a fresh row differ from the stored one (computed_at only records when it last did). */
const COMPARED_COLUMNS = UPDATED_COLUMNS.filter((c) => c !== 'computed_at');

/**
 * Stored rows (of rollups or of the fresh table): all of them, every company row,
 * the location and person rows of some periods, or every row of one period kind in [from, to). Enough to re-derive shrinkage and index without recounting (themes
 * are not read: they play no part in it and are the bulkiest column).
 */
export async function loadRollups(
  trx: Db,
  filter:
    | { all: true }
    | { companies: true }
    | { companies: true; exceptFresh: true }
    | { periods: readonly { periodKind: PeriodKind; periodStart: string }[]; exceptFresh?: true }
    | { periodKind: PeriodKind; from: string; to: string },
  table: RollupsTable = 'rollups',
): Promise<StoredRollup[]> {
  let q = trx
    // The fresh table was created like rollups: same columns.
    .selectFrom(table as 'rollups')
    .select([
      'entity_kind', 'entity_id', 'period_kind', 'period_start', 'source_key', 'review_count', 'rated_count', 'rating_sum',
      'rating_avg', 'stars', 'sentiment_avg', 'sentiment_count', 'responded_count', 'response_hours_median', 'removed_count',
      'shrunk_rating', 'shrunk_low', 'shrunk_high', 'reputation_index', 'index_version',
    ]);
  // Rows of the cells the fresh table re-summed are about to be replaced: not worth parsing.
  if ('exceptFresh' in filter) {
    q = q.where(
      sql<boolean>`not exists (select 1 from ${sql.table(FRESH_TABLE)} f where f.entity_kind = rollups.entity_kind
        and f.entity_id = rollups.entity_id and f.period_kind = rollups.period_kind and f.period_start = rollups.period_start)`,
    );
  }
  if ('companies' in filter) q = q.where('entity_kind', '=', 'company');
  else if ('periodKind' in filter) q = q.where('period_kind', '=', filter.periodKind).where('period_start', '>=', filter.from).where('period_start', '<', filter.to);
  else if ('periods' in filter) {
    const { periods } = filter;
    if (periods.length === 0) return [];
    // Spelled out (not a join on a JSON list the planner guesses at 100 rows), so rollups_period_idx is used.
    q = q
      .where('entity_kind', 'in', ['location', 'person'])
      .where((eb) => eb.or(periods.map((p) => eb.and([eb('period_kind', '=', p.periodKind), eb('period_start', '=', p.periodStart)]))));
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    entityKind: r.entity_kind,
    entityId: r.entity_id,
    periodKind: r.period_kind,
    periodStart: r.period_start,
    sourceKey: r.source_key,
    reviewCount: r.review_count,
    ratedCount: r.rated_count,
    ratingSum: r.rating_sum,
    ratingAvg: r.rating_avg,
    stars: r.stars,
    sentimentAvg: r.sentiment_avg,
    sentimentCount: r.sentiment_count,
    respondedCount: r.responded_count,
    responseHoursMedian: r.response_hours_median,
    removedCount: r.removed_count,
    shrunkRating: r.shrunk_rating,
    shrunkLow: r.shrunk_low,
    shrunkHigh: r.shrunk_high,
    reputationIndex: r.reputation_index,
    indexVersion: r.index_version,
  }));
}

export function derivedChanged(a: RollupDerived, b: RollupDerived): boolean {
  return (
    a.shrunkRating !== b.shrunkRating ||
    a.shrunkLow !== b.shrunkLow ||
    a.shrunkHigh !== b.shrunkHigh ||
    a.reputationIndex !== b.reputationIndex ||
    a.indexVersion !== b.indexVersion
  );
}

export { rowKey };

/** Who belongs to which organization and location, for the shrinkage priors. */
export async function loadHierarchy(trx: Db): Promise<Hierarchy> {
  const locations = await trx.selectFrom('locations').select(['id', 'organization_id']).execute();
  const people = await trx.selectFrom('people').select(['id', 'organization_id', 'location_id']).execute();
  return {
    locationOrg: new Map(locations.map((l) => [l.id, l.organization_id])),
    personOrg: new Map(people.map((p) => [p.id, p.organization_id])),
    personLocation: new Map(people.map((p) => [p.id, p.location_id])),
  };
}

/** First and last review instants (published_at, else first_seen_at), or null without reviews. */
export async function reviewInstantRange(trx: Db): Promise<{ min: Date; max: Date } | null> {
  const { rows } = await sql<{ min: Date | null; max: Date | null }>`
    select min(coalesce(published_at, first_seen_at)) as min, max(coalesce(published_at, first_seen_at)) as max from reviews
  `.execute(trx);
  const r = rows[0];
  return r?.min && r.max ? { min: new Date(r.min), max: new Date(r.max) } : null;
}
