import { describe, expect, it } from 'vitest';
import { testDialect } from '../test/support/db';
import { call, useApiWorld, type ApiSeed } from '../test/support/seed-api';

/**
 * Every role boundary, endpoint by endpoint: each role gets exactly what the
 * policy allows, and 403 (never an empty list) for the rest. Roles: admin,
 * leadership (read all), marketing (public reputation; no person-level CX),
 * manager (north location), team (the south-sales team only).
 */
const w = useApiWorld(import.meta.url);
type Role = 'admin' | 'leadership' | 'marketing' | 'manager' | 'team';
const ROLES: Role[] = ['admin', 'leadership', 'marketing', 'manager', 'team'];
const keyOf = (s: ApiSeed, r: Role) => (r === 'team' ? s.keys.teamManager : s.keys[r]);

interface Case {
  name: string;
  method?: string;
  path: (s: ApiSeed) => string;
  json?: (s: ApiSeed) => unknown;
  body?: string;
  contentType?: string;
  /** Expected status per role. */
  expect: Record<Role, number>;
}

const ALL = { admin: 200, leadership: 200, marketing: 200 };
const readCases: Case[] = [
  { name: 'tree', path: () => '/api/v1/entities/tree', expect: { ...ALL, manager: 200, team: 200 } },
  { name: 'all locations', path: () => '/api/v1/locations', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north location', path: (s) => `/api/v1/locations/${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'south location', path: (s) => `/api/v1/locations/${s.locations.south}`, expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'unknown location', path: () => '/api/v1/locations/888888', expect: { admin: 404, leadership: 404, marketing: 404, manager: 403, team: 403 } },
  { name: 'people of north', path: (s) => `/api/v1/people?location_id=${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'people of south-sales', path: () => '/api/v1/people?team=south-sales', expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'all people', path: () => '/api/v1/people', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'mike', path: (s) => `/api/v1/people/${s.people.mike}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'dave', path: (s) => `/api/v1/people/${s.people.dave}`, expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'targets of north', path: (s) => `/api/v1/entities/location/${s.locations.north}/targets`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'reviews of company', path: () => '/api/v1/reviews', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'reviews of north', path: (s) => `/api/v1/reviews?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'reviews of dave', path: (s) => `/api/v1/reviews?entity=person:${s.people.dave}`, expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'a north review', path: (s) => `/api/v1/reviews/${s.reviews.versioned}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'an east review', path: (s) => `/api/v1/reviews/${s.reviews.hostile.sql}`, expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'queue of north', path: (s) => `/api/v1/attributions/queue?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'company trends', path: () => '/api/v1/trends', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north trends with children', path: (s) => `/api/v1/trends?entity=location:${s.locations.north}&compare=children`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'dave trends', path: (s) => `/api/v1/trends?entity=person:${s.people.dave}`, expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'location ranking', path: () => '/api/v1/rankings', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'people of north ranked', path: (s) => `/api/v1/rankings?level=person&within=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'south-sales ranked', path: () => '/api/v1/rankings?level=person&within=team:south-sales', expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'most improved', path: () => '/api/v1/rankings/improved', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north people attention', path: (s) => `/api/v1/rankings/attention?level=person&within=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'north themes', path: (s) => `/api/v1/themes?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'company CX', path: () => '/api/v1/cx', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north CX', path: (s) => `/api/v1/cx?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'company CX with its locations', path: () => '/api/v1/cx?include=children', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north CX with its people', path: (s) => `/api/v1/cx?entity=location:${s.locations.north}&include=children`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 200, team: 403 } },
  { name: 'mike CX', path: (s) => `/api/v1/cx?entity=person:${s.people.mike}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 200, team: 403 } },
  { name: 'dave CX', path: (s) => `/api/v1/cx?entity=person:${s.people.dave}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 403, team: 200 } },
  { name: 'company vs CX (locations)', path: () => '/api/v1/reputation-vs-cx', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north vs CX (people)', path: (s) => `/api/v1/reputation-vs-cx?entity=location:${s.locations.north}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 200, team: 403 } },
  { name: 'dave vs CX', path: (s) => `/api/v1/reputation-vs-cx?entity=person:${s.people.dave}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 403, team: 200 } },
  { name: 'company alerts', path: () => '/api/v1/alerts', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north alerts', path: (s) => `/api/v1/alerts?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'company crawl runs', path: () => '/api/v1/crawl-runs', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north source health', path: (s) => `/api/v1/source-health?entity=location:${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
];

const ADMIN_ONLY = { admin: 200, leadership: 403, marketing: 403, manager: 403, team: 403 };
const writeCases: Case[] = [
  { name: 'create location', method: 'POST', path: () => '/api/v1/locations', json: () => ({ key: 'access-west', name: 'West' }), expect: { ...ADMIN_ONLY, admin: 201 } },
  { name: 'create location, invalid body', method: 'POST', path: () => '/api/v1/locations', json: () => ({ key: 'Bad Key' }), expect: { ...ADMIN_ONLY, admin: 400 } },
  { name: 'update north', method: 'PATCH', path: (s) => `/api/v1/locations/${s.locations.north}`, json: () => ({ address: '1 Main St' }), expect: ADMIN_ONLY },
  { name: 'deactivate sarah', method: 'DELETE', path: (s) => `/api/v1/people/${s.people.sarah}`, expect: ADMIN_ONLY },
  { name: 'add alias to mike', method: 'POST', path: (s) => `/api/v1/people/${s.people.mike}/aliases`, json: () => ({ alias: 'Big Mike' }), expect: ADMIN_ONLY },
  { name: 'import CX', method: 'POST', path: () => '/api/v1/cx/import?batch=access', body: 'entity_type,external_key,period,metric,value\nlocation,S-1,2025-06,NPS,1', contentType: 'text/csv', expect: ADMIN_ONLY },
  { name: 'delete CX batch', method: 'DELETE', path: () => '/api/v1/cx?batch=access', expect: ADMIN_ONLY },
  { name: 'acknowledge north alert', method: 'POST', path: (s) => `/api/v1/alerts/${s.alerts.northLowStar}/acknowledge`, expect: { admin: 200, leadership: 403, marketing: 403, manager: 200, team: 403 } },
  { name: 'mute dave alert', method: 'POST', path: (s) => `/api/v1/alerts/${s.alerts.daveDrop}/mute`, json: () => ({ until: new Date(Date.now() + 86_400_000).toISOString() }), expect: { admin: 200, leadership: 403, marketing: 403, manager: 403, team: 200 } },
  { name: 'acknowledge east alert', method: 'POST', path: (s) => `/api/v1/alerts/${s.alerts.eastBlocked}/acknowledge`, expect: { admin: 200, leadership: 403, marketing: 403, manager: 403, team: 403 } },
];

async function check(c: Case, role: Role) {
  const s = w().seed;
  const r = await call(w().app, keyOf(s, role), c.path(s), {
    method: c.method,
    ...(c.json ? { json: c.json(s) } : {}),
    ...(c.body !== undefined ? { body: c.body, contentType: c.contentType } : {}),
  });
  expect(r.status, `${c.name} as ${role}: ${r.text.slice(0, 200)}`).toBe(c.expect[role]);
  if (r.status === 403) {
    expect(r.json.error.code).toBe('FORBIDDEN');
    expect(r.json).not.toHaveProperty('items');
  }
  return r;
}

describe(`access by role (${testDialect()})`, () => {
  for (const c of readCases)
    it(`read: ${c.name}`, async () => {
      for (const role of ROLES) await check(c, role);
    });

  for (const c of writeCases)
    it(`write: ${c.name}`, async () => {
      // Forbidden roles first, so that the one allowed write happens last and the 403s provably changed nothing.
      for (const role of [...ROLES].sort((a, b) => (c.expect[a] === 403 ? 0 : 1) - (c.expect[b] === 403 ? 0 : 1))) await check(c, role);
    });

  it('a manager sees only their branch of the tree; a team lead only their people', async () => {
    const s = w().seed;
    const m = await call(w().app, s.keys.manager, '/api/v1/entities/tree');
    expect(m.json.locations.map((l: { key: string }) => l.key)).toEqual(['north']);
    const t = await call(w().app, s.keys.teamManager, '/api/v1/entities/tree');
    expect(t.json.locations.map((l: { key: string }) => l.key)).toEqual(['south']);
    expect(t.json.locations[0].people.map((p: { key: string }) => p.key).sort()).toEqual(['ann', 'dave']);
  });

  it('a manager decides attributions in their scope only; read-only roles never', async () => {
    const s = w().seed;
    const pending = await w()
      .db.selectFrom('attributions as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['a.id', 'p.location_id'])
      .where('a.status', '=', 'pending')
      .execute();
    const north = pending.find((a) => a.location_id === s.locations.north);
    const south = pending.find((a) => a.location_id === s.locations.south);
    if (north) {
      for (const role of ['leadership', 'marketing', 'team'] as const)
        expect((await call(w().app, keyOf(s, role), `/api/v1/attributions/${north.id}/confirm`, { method: 'POST' })).status).toBe(403);
      expect((await call(w().app, s.keys.manager, `/api/v1/attributions/${north.id}/confirm`, { method: 'POST' })).status).toBe(200);
    }
    if (south) expect((await call(w().app, s.keys.manager, `/api/v1/attributions/${south.id}/reject`, { method: 'POST' })).status).toBe(403);
    expect(north ?? south).toBeDefined();
  });

  it('forbidden writes changed nothing', async () => {
    const created = await w().db.selectFrom('locations').select('key').where('key', '=', 'access-west').execute();
    expect(created).toHaveLength(1);
    const mike = await w().db.selectFrom('people').select('aliases').where('id', '=', w().seed.people.mike).executeTakeFirstOrThrow();
    expect(mike.aliases.filter((a) => a === 'Big Mike')).toHaveLength(1);
  });
});
