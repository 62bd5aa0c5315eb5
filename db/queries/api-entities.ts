import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind } from '../types';

/**
 * API reads and writes of the company → locations → people tree. Pure data
 * access: access checks and input validation live in api/.
 */
type Db = Kysely<Database>;

export interface EntityInfo {
  kind: EntityKind;
  id: number;
  name: string;
  organizationId: number;
  locationId: number | null;
  team: string | null;
}

export async function primaryOrganizationId(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom('organizations').select('id').orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

export async function loadEntity(db: Db, kind: EntityKind, id: number): Promise<EntityInfo | undefined> {
  if (kind === 'company') {
    const r = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    return r && { kind, id: r.id, name: r.name, organizationId: r.id, locationId: null, team: null };
  }
  if (kind === 'location') {
    const r = await db.selectFrom('locations').select(['id', 'name', 'organization_id']).where('id', '=', id).executeTakeFirst();
    return r && { kind, id: r.id, name: r.name, organizationId: r.organization_id, locationId: r.id, team: null };
  }
  const r = await db
    .selectFrom('people')
    .select(['id', 'display_name', 'organization_id', 'location_id', 'team'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { kind, id: r.id, name: r.display_name, organizationId: r.organization_id, locationId: r.location_id, team: r.team };
}

/** Every location or every person (at most `limit`), as loadEntity gives them one by one. */
export async function allEntitiesOfKind(db: Db, kind: 'location' | 'person', limit: number): Promise<EntityInfo[]> {
  if (kind === 'location') {
    const rows = await db.selectFrom('locations').select(['id', 'name', 'organization_id']).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ kind, id: r.id, name: r.name, organizationId: r.organization_id, locationId: r.id, team: null }));
  }
  const rows = await db.selectFrom('people').select(['id', 'display_name', 'organization_id', 'location_id', 'team']).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ kind, id: r.id, name: r.display_name, organizationId: r.organization_id, locationId: r.location_id, team: r.team }));
}

/** The entities one level down: a company's active locations, a location's people (none for a person). */
export async function childrenOf(db: Db, parent: EntityInfo): Promise<EntityInfo[]> {
  if (parent.kind === 'company') {
    const rows = await db
      .selectFrom('locations')
      .select(['id', 'name', 'organization_id'])
      .where('organization_id', '=', parent.id)
      .where('active', '=', true)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ kind: 'location', id: r.id, name: r.name, organizationId: r.organization_id, locationId: r.id, team: null }));
  }
  if (parent.kind === 'location') return peopleWhere(db, { locationId: parent.id });
  return [];
}

export async function peopleWhere(db: Db, where: { locationId?: number; team?: string; organizationId?: number }): Promise<EntityInfo[]> {
  let q = db.selectFrom('people').select(['id', 'display_name', 'organization_id', 'location_id', 'team']);
  if (where.locationId !== undefined) q = q.where('location_id', '=', where.locationId);
  if (where.team !== undefined) q = q.where('team', '=', where.team);
  if (where.organizationId !== undefined) q = q.where('organization_id', '=', where.organizationId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ kind: 'person', id: r.id, name: r.display_name, organizationId: r.organization_id, locationId: r.location_id, team: r.team }));
}

export async function entityTree(db: Db, organizationId: number) {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', organizationId).executeTakeFirst();
  const locations = await db.selectFrom('locations').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  const people = await db.selectFrom('people').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  return { org, locations, people };
}

export async function listLocations(db: Db, f: { organizationId: number; active?: boolean; afterId?: number; limit: number }) {
  let q = db.selectFrom('locations').selectAll().where('organization_id', '=', f.organizationId);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.orderBy('id').limit(f.limit + 1).execute();
}

export async function listPeople(
  db: Db,
  f: { organizationId: number; locationIds?: number[]; team?: string; active?: boolean; today: string; afterId?: number; limit: number },
) {
  let q = db.selectFrom('people').selectAll().where('organization_id', '=', f.organizationId);
  if (f.locationIds) q = q.where('location_id', 'in', f.locationIds.length ? f.locationIds : [-1]);
  if (f.team !== undefined) q = q.where('team', '=', f.team);
  if (f.active === true) q = q.where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>', f.today)]));
  if (f.active === false) q = q.where('active_to', '<=', f.today);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.orderBy('id').limit(f.limit + 1).execute();
}

export async function getLocationRow(db: Db, id: number) {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getPersonRow(db: Db, id: number) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function keyTaken(db: Db, table: 'locations' | 'people', key: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom(table).select('id').where('key', '=', key);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface LocationWrite {
  key?: string;
  name?: string;
  external_key?: string | null;
  address?: string | null;
  timezone?: string | null;
  active?: boolean;
}

export async function insertLocation(db: Db, organizationId: number, v: LocationWrite & { key: string; name: string }) {
  return db
    .insertInto('locations')
    .values({ organization_id: organizationId, ...v })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateLocationRow(db: Db, id: number, v: LocationWrite) {
  return db.updateTable('locations').set({ ...v, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
}

export interface PersonWrite {
  key?: string;
  display_name?: string;
  first_name?: string | null;
  last_name?: string | null;
  aliases?: string[];
  role_title?: string | null;
  team?: string | null;
  location_id?: number | null;
  manager_id?: number | null;
  external_key?: string | null;
  active_from?: string | null;
  active_to?: string | null;
}

function personValues(v: PersonWrite) {
  const { aliases, ...rest } = v;
  return { ...rest, ...(aliases ? { aliases: JSON.stringify(aliases) } : {}) };
}

export async function insertPerson(db: Db, organizationId: number, v: PersonWrite & { key: string; display_name: string }) {
  return db
    .insertInto('people')
    .values({ organization_id: organizationId, ...personValues(v), key: v.key, display_name: v.display_name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePersonRow(db: Db, id: number, v: PersonWrite) {
  return db
    .updateTable('people')
    .set({ ...personValues(v), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Targets bound to an entity or anything beneath it. */
export async function targetIdsBeneath(db: Db, kind: EntityKind, id: number): Promise<number[]> {
  const col = kind === 'company' ? 'organization_id' : kind === 'location' ? 'location_id' : 'person_id';
  const rows = await db.selectFrom('targets').select('id').where(col, '=', id).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export interface TargetHealthRow {
  id: number;
  key: string;
  source_key: string;
  source_label: string;
  url: string;
  entity_kind: EntityKind;
  organization_id: number;
  location_id: number | null;
  person_id: number | null;
  enabled: boolean;
  last_run_id: number | null;
  last_run_status: string | null;
  last_run_at: Date | null;
  last_success_at: Date | null;
  last_error_at: Date | null;
  last_error: string | null;
  blocked_reason: string | null;
  blocked_runs_in_a_row: number;
  site_review_count: number | null;
  site_rating: number | null;
  stored_review_count: number;
}

/**
 * Per target: the last run, last success, last error and how many reviews we
 * hold against the count the site displays (coverage). Lateral subqueries use
 * crawl_runs_target_idx, so the cost is a few index probes per target.
 */
export async function targetHealth(db: Db, targetIds: readonly number[]): Promise<TargetHealthRow[]> {
  if (targetIds.length === 0) return [];
  const result = await sql<TargetHealthRow>`
    select t.id, t.key, s.key as source_key, s.label as source_label, t.url, t.entity_kind, t.organization_id,
           t.location_id, t.person_id, t.enabled,
           lr.id as last_run_id, lr.status as last_run_status, lr.started_at as last_run_at,
           ls.finished_at as last_success_at, le.started_at as last_error_at,
           coalesce(le.error_message, le.blocked_reason, le.status) as last_error,
           case when lr.status = 'blocked' then lr.blocked_reason end as blocked_reason,
           (select count(*)::int from crawl_runs c where c.target_id = t.id and c.status = 'blocked'
              and c.started_at > coalesce((select max(c2.started_at) from crawl_runs c2
                                          where c2.target_id = t.id and c2.status <> 'blocked'), '-infinity')) as blocked_runs_in_a_row,
           sc.site_review_count, sc.site_rating,
           (select count(*)::int from reviews r where r.target_id = t.id and r.removed_at is null) as stored_review_count
    from targets t
    join sources s on s.id = t.source_id
    left join lateral (select id, status, started_at, blocked_reason from crawl_runs c where c.target_id = t.id order by started_at desc limit 1) lr on true
    left join lateral (select finished_at from crawl_runs c where c.target_id = t.id and status in ('ok', 'partial') order by started_at desc limit 1) ls on true
    left join lateral (select started_at, error_message, blocked_reason, status from crawl_runs c
                       where c.target_id = t.id and status in ('failed', 'blocked') order by started_at desc limit 1) le on true
    left join lateral (select site_review_count, site_rating from crawl_runs c
                       where c.target_id = t.id and site_review_count is not null order by started_at desc limit 1) sc on true
    where t.id = any(${[...targetIds]}::int[])
    order by t.id`.execute(db);
  return result.rows;
}
