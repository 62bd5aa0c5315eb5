import { beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../test/support/db';
import type { ApiSeed } from '../test/support/seed-api';
import { login, page, RANGE, useDashboardWorld } from './testing/world';

/**
 * The dashboard shows exactly what the key could fetch from the API, and
 * answers 403 (a page saying so, never an empty one) for the rest. Roles as
 * in api/access.int.test.ts: admin, leadership, marketing (no person-level
 * CX), manager (the north location) and team (the south-sales team).
 */
const w = useDashboardWorld(import.meta.url);
type Role = 'admin' | 'leadership' | 'marketing' | 'manager' | 'team';
const ROLES: Role[] = ['admin', 'leadership', 'marketing', 'manager', 'team'];
const cookies = {} as Record<Role, string>;
const range = `from=${RANGE.from}&to=${RANGE.to}`;

beforeAll(async () => {
  const { keys } = w().seed;
  for (const r of ROLES) cookies[r] = await login(w().app, r === 'team' ? keys.teamManager : keys[r]);
});

const ALL = { admin: 200, leadership: 200, marketing: 200 };
const cases: { name: string; path: (s: ApiSeed) => string; expect: Record<Role, number> }[] = [
  { name: 'overview', path: () => '/overview', expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'north', path: (s) => `/locations/${s.locations.north}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'south', path: (s) => `/locations/${s.locations.south}`, expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'unknown location', path: () => '/locations/888888', expect: { admin: 404, leadership: 404, marketing: 404, manager: 403, team: 403 } },
  { name: 'mike', path: (s) => `/people/${s.people.mike}`, expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'dave', path: (s) => `/people/${s.people.dave}`, expect: { ...ALL, manager: 403, team: 200 } },
  { name: 'leadership, locations', path: () => '/leadership', expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'leadership, people of north', path: (s) => `/leadership?entity=location:${s.locations.north}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 200, team: 403 } },
  { name: 'leadership, people of south', path: (s) => `/leadership?entity=location:${s.locations.south}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 403, team: 403 } },
  { name: 'sources', path: () => '/sources', expect: { ...ALL, manager: 200, team: 403 } },
  { name: 'sources of south', path: (s) => `/sources?entity=location:${s.locations.south}`, expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'CSV of south trends', path: (s) => `/export/trends?entity=location:${s.locations.south}`, expect: { ...ALL, manager: 403, team: 403 } },
  { name: 'CSV of north people vs CX', path: (s) => `/export/reputation-vs-cx?entity=location:${s.locations.north}`, expect: { admin: 200, leadership: 200, marketing: 403, manager: 200, team: 403 } },
  { name: 'CSV of dave reviews', path: (s) => `/export/reviews?entity=person:${s.people.dave}`, expect: { ...ALL, manager: 403, team: 200 } },
];

describe(`dashboard access by role (${testDialect()})`, () => {
  for (const c of cases)
    it(`${c.name}: ${ROLES.map((r) => `${r} ${c.expect[r]}`).join(', ')}`, async () => {
      const path = c.path(w().seed);
      for (const role of ROLES) {
        const r = await page(w().app, cookies[role], `${path}${path.includes('?') ? '&' : '?'}${range}`);
        expect(r.status, `${role} ${path}`).toBe(c.expect[role]);
        if (r.status === 403 && !path.startsWith('/export/')) {
          expect(r.text).toContain('Not available with this key');
          // A 403 page names the rule, not the data behind it.
          expect(r.text).not.toMatch(/chart-rating|Reviews waiting for an answer/);
        }
      }
    });

  it('a manager sees only their own locations in the navigation and pickers', async () => {
    const r = await page(w().app, cookies.manager, `/locations/${w().seed.locations.north}?${range}`);
    expect(r.text).toContain('Acme North');
    expect(r.text).not.toContain('Acme South');
    expect(r.text).not.toContain('Acme East');
    expect(r.text).not.toContain('>Overview<');
    const leadership = await page(w().app, cookies.manager, '/leadership');
    expect(leadership.text).not.toContain('Locations of the company');
    expect(leadership.text).toContain(`<option value="location:${w().seed.locations.north}" selected="">Salespeople of Acme North</option>`);
  });

  it('a manager asking for another location gets 403 with a way back to their own', async () => {
    const r = await page(w().app, cookies.manager, `/locations/${w().seed.locations.south}`);
    expect(r.status).toBe(403);
    expect(r.text).toContain(`This manager key does not cover location ${w().seed.locations.south}.`);
    expect(r.text).toContain(`href="/locations/${w().seed.locations.north}"`);
  });
});
