import type { Kysely, Transaction } from 'kysely';
import type { Database, EntityKind } from '../types';

/** Plain reads and writes of the company → locations → people tree. */
type Db = Kysely<Database> | Transaction<Database>;

export async function getOrganizationByKey(db: Db, key: string) {
  return db.selectFrom('organizations').selectAll().where('key', '=', key).executeTakeFirst();
}

/** The first organization: repwatch monitors one company per database in the common case. */
export async function getPrimaryOrganization(db: Db) {
  return db.selectFrom('organizations').selectAll().orderBy('id').limit(1).executeTakeFirst();
}

export async function listLocations(db: Db, organizationId: number) {
  return db.selectFrom('locations').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute();
}

export async function listPeople(db: Db, organizationId: number) {
  return db.selectFrom('people').selectAll().where('organization_id', '=', organizationId).orderBy('display_name').execute();
}

export async function ensureSource(db: Db, key: string, label: string, needsBrowser = false): Promise<number> {
  const row = await db
    .insertInto('sources')
    .values({ key, label, needs_browser: needsBrowser })
    .onConflict((oc) => oc.column('key').doUpdateSet({ label, needs_browser: needsBrowser }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface EntityRef {
  kind: EntityKind;
  id: number;
}

/** Looks an entity up by kind and our id, or by its external key (store code, employee number). */
export async function resolveEntity(
  db: Db,
  kind: EntityKind,
  ref: { id?: number; externalKey?: string; key?: string },
): Promise<EntityRef | undefined> {
  const table = kind === 'company' ? 'organizations' : kind === 'location' ? 'locations' : 'people';
  let q = db.selectFrom(table).select('id');
  if (ref.id !== undefined) q = q.where('id', '=', ref.id);
  else if (ref.externalKey !== undefined) q = q.where('external_key', '=', ref.externalKey);
  else if (ref.key !== undefined) q = q.where('key', '=', ref.key);
  else return undefined;
  const rows = await q.limit(2).execute();
  // An external key shared by two entities is ambiguous: refuse rather than guess.
  if (rows.length !== 1) return undefined;
  return { kind, id: rows[0]!.id };
}
