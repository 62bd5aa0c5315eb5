import type { Kysely } from 'kysely';
import { AppError } from '../core/errors';
import type { ChangeFeed } from '../db/change-feed';
import { allEntitiesOfKind, loadEntity, primaryOrganizationId, type EntityInfo } from '../db/queries/api-entities';
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
 * Entity lookups are cached per database: nearly every request resolves one,
 * and the roster changes rarely.
 *
 * With a change feed (the API server has one on both dialects) an entry holds
 * until a write to organizations, locations or people commits, and the first
 * lookup of a kind after such a change reads that whole kind in one query
 * (rosters up to PRELOAD_MAX): a dashboard walking 20,000 people then costs
 * one query, not 20,000. Without a feed, entries live ENTITY_TTL_MS. Either
 * way writes through this API clear the cache at once (forgetEntities).
 */
const ENTITY_TTL_MS = 5_000;
const PRELOAD_MAX = 50_000;
const ROSTER_TABLES = ['organizations', 'locations', 'people'];

interface EntityCache {
  entries: Map<string, { value: EntityInfo | undefined; expires: number }>;
  /** The feed's roster version the entries belong to (undefined: TTL mode). */
  version: number | undefined;
  preloads: Map<'location' | 'person', Promise<boolean>>;
  /** Bumped by forgetEntities: a read that started before must not be stored after. */
  epoch: number;
}
const caches = new WeakMap<object, EntityCache>();
const feeds = new WeakMap<object, ChangeFeed>();

/** From now on, entity lookups on this database are kept until the roster changes (see above). */
export function watchEntities(db: Kysely<Database>, feed: ChangeFeed): void {
  feeds.set(db, feed);
}

export function forgetEntities(db: Kysely<Database>): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.entries.clear();
  cache.preloads.clear();
  cache.epoch++;
}

/** This database's cache, emptied first if the roster changed since it was filled. */
function cacheFor(db: Kysely<Database>): { cache: EntityCache; version: number | undefined } {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), version: undefined, preloads: new Map(), epoch: 0 }));
  const version = feeds.get(db)?.versionOf(...ROSTER_TABLES);
  if (version !== cache.version) {
    cache.entries.clear();
    cache.preloads.clear();
    cache.version = version;
  }
  return { cache, version };
}

/** Whether what was read at `version` and `epoch` may still be stored (the roster did not change meanwhile). */
const stillCurrent = (db: Kysely<Database>, cache: EntityCache, version: number | undefined, epoch: number) =>
  cache.epoch === epoch && (version === undefined || (cache.version === version && feeds.get(db)?.versionOf(...ROSTER_TABLES) === version));

/** Reads every entity of the kind into the cache once per roster version; false when the roster is too big for that. */
function preload(db: Kysely<Database>, cache: EntityCache, version: number, kind: 'location' | 'person'): Promise<boolean> {
  let running = cache.preloads.get(kind);
  if (!running) {
    const epoch = cache.epoch;
    running = allEntitiesOfKind(db, kind, PRELOAD_MAX + 1).then((all) => {
      if (all.length > PRELOAD_MAX) return false;
      if (!stillCurrent(db, cache, version, epoch)) return false;
      for (const e of all) cache.entries.set(`${kind}:${e.id}`, { value: e, expires: Infinity });
      return true;
    });
    cache.preloads.set(kind, running);
  }
  return running;
}

async function cached(db: Kysely<Database>, key: string, load: () => Promise<EntityInfo | undefined>, kind?: 'location' | 'person'): Promise<EntityInfo | undefined> {
  const { cache, version } = cacheFor(db);
  const epoch = cache.epoch;
  const now = Date.now();
  const hit = cache.entries.get(key);
  if (hit && hit.expires > now) return hit.value;
  if (kind && version !== undefined && (await preload(db, cache, version, kind))) {
    // The whole kind was read: absent means it does not exist.
    return cache.entries.get(key)?.value;
  }
  const value = await load();
  if (cache.entries.size > 2 * PRELOAD_MAX) {
    // Bounded (junk ids in TTL mode); a preloaded kind is no longer whole after this.
    cache.entries.clear();
    cache.preloads.clear();
  }
  if (stillCurrent(db, cache, version, epoch)) cache.entries.set(key, { value, expires: version === undefined ? now + ENTITY_TTL_MS : Infinity });
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
  const entity = await cached(db, `${kind}:${id}`, () => loadEntity(db, kind, id!), kind === 'company' ? undefined : kind);
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
