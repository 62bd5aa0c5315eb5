import type { Kysely } from 'kysely';
import { AppError } from '../core/errors';
import { loadEntity, primaryOrganizationId, type EntityInfo } from '../db/queries/api-entities';
import type { Database, EntityKind } from '../db/types';
import { authorize, type Capability, type Subject } from './policy';
import type { EntityRefInput } from './routes/common.schemas';
import type { Principal } from './types';

/**
 * From an entity reference in a request to a loaded, authorised entity. An
 * unknown id is 404 for roles that can see everything; for a manager it is 403,
 * like any other id outside the key's scope, so probing ids reveals nothing.
 */
export function toSubject(e: Pick<EntityInfo, 'kind' | 'id' | 'locationId' | 'team'>): Subject {
  if (e.kind === 'person') return { kind: 'person', id: e.id, locationId: e.locationId, team: e.team };
  return { kind: e.kind, id: e.id };
}

/**
 * Entity lookups are cached for a few seconds per database: nearly every
 * request resolves one, and the roster changes rarely. Writes through this API
 * clear the cache at once (forgetEntities); changes made elsewhere (a config
 * sync) show within the TTL.
 */
const ENTITY_TTL_MS = 5_000;
const caches = new WeakMap<object, Map<string, { value: EntityInfo | undefined; expires: number }>>();

export function forgetEntities(db: Kysely<Database>): void {
  caches.get(db)?.clear();
}

async function cached(db: Kysely<Database>, key: string, load: () => Promise<EntityInfo | undefined>): Promise<EntityInfo | undefined> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = await load();
  if (cache.size > 50_000) cache.clear();
  cache.set(key, { value, expires: now + ENTITY_TTL_MS });
  return value;
}

/** The primary company's id (undefined before one is set up), from the same short-lived cache. */
export async function primaryCompanyId(db: Kysely<Database>): Promise<number | undefined> {
  const company = await cached(db, 'primary', async () => {
    const org = await primaryOrganizationId(db);
    return org === undefined ? undefined : loadEntity(db, 'company', org);
  });
  return company?.id;
}

export async function resolveEntity(
  db: Kysely<Database>,
  principal: Principal,
  ref: EntityRefInput | { kind: EntityKind; id: number | null } | undefined,
  param = 'query.entity',
): Promise<EntityInfo> {
  const kind = ref?.kind ?? 'company';
  let id = ref?.id ?? null;
  if (kind === 'company' && id === null) {
    id = (await primaryCompanyId(db)) ?? null;
    if (id === null) throw new AppError('NOT_FOUND', 'No company is set up yet (run `repwatch sync` or create one).', { param });
  }
  const entity = await cached(db, `${kind}:${id}`, () => loadEntity(db, kind, id!));
  if (!entity) {
    if (principal.role === 'manager') throw new AppError('FORBIDDEN', `This manager key does not cover ${kind} ${id}.`);
    throw new AppError('NOT_FOUND', `${kind[0]!.toUpperCase()}${kind.slice(1)} ${id} does not exist.`, { param });
  }
  return entity;
}

/** Resolves the reference and checks the capability on it in one step. */
export async function authorizedEntity(
  db: Kysely<Database>,
  principal: Principal,
  ref: EntityRefInput | { kind: EntityKind; id: number | null } | undefined,
  capability: Capability,
  param?: string,
): Promise<EntityInfo> {
  const entity = await resolveEntity(db, principal, ref, param);
  authorize(principal, capability, toSubject(entity));
  return entity;
}

export function summary(e: EntityInfo): { kind: EntityKind; id: number; name: string } {
  return { kind: e.kind, id: e.id, name: e.name };
}

/**
 * Checks a capability on many entities at once (children in a comparison).
 * Only a manager's check depends on where people sit, so only then are they loaded.
 */
export async function authorizeMany(
  db: Kysely<Database>,
  principal: Principal,
  capability: Capability,
  refs: readonly { kind: EntityKind; id: number }[],
): Promise<void> {
  if (principal.role !== 'manager') {
    for (const r of refs) authorize(principal, capability, r.kind === 'person' ? { kind: 'person', id: r.id, locationId: null, team: null } : { kind: r.kind, id: r.id });
    return;
  }
  const personIds = refs.filter((r) => r.kind === 'person').map((r) => r.id);
  const people = personIds.length
    ? await db.selectFrom('people').select(['id', 'location_id', 'team']).where('id', 'in', personIds).execute()
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const r of refs) {
    const p = byId.get(r.id);
    authorize(principal, capability, r.kind === 'person' ? { kind: 'person', id: r.id, locationId: p?.location_id ?? null, team: p?.team ?? null } : { kind: r.kind, id: r.id });
  }
}
