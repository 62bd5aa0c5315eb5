import { describe, expect, it } from 'vitest';
import { testDialect } from '../../test/support/db';
import { call, useApiWorld } from '../../test/support/seed-api';

/** Entities: tree, locations and people CRUD with aliases, targets with health. */
const w = useApiWorld(import.meta.url);
const admin = () => w().seed.keys.admin;

describe(`entities (${testDialect()})`, () => {
  it('gives the company → locations → people tree', async () => {
    const r = await call(w().app, admin(), '/api/v1/entities/tree');
    expect(r.status).toBe(200);
    expect(r.json.company).toMatchObject({ key: 'acme', name: 'Acme Motors' });
    expect(r.json.locations.map((l: { key: string }) => l.key)).toEqual(['north', 'south', 'east']);
    const north = r.json.locations.find((l: { key: string }) => l.key === 'north');
    expect(north.people.map((p: { key: string }) => p.key)).toEqual(['mike', 'sarah']);
    expect(north.people[0]).toMatchObject({ display_name: 'Mike Lambert', aliases: ['Mikey'], team: 'north-sales', active: true });
    const ann = r.json.locations.find((l: { key: string }) => l.key === 'south').people.find((p: { key: string }) => p.key === 'ann');
    expect(ann).toMatchObject({ active_to: '2026-07-31', active: false });
  });

  it('lists locations with cursor pagination and as CSV', async () => {
    const p1 = await call(w().app, admin(), '/api/v1/locations?limit=2');
    expect(p1.json.items.map((l: { key: string }) => l.key)).toEqual(['north', 'south']);
    expect(p1.json.next_cursor).toEqual(expect.any(String));
    const p2 = await call(w().app, admin(), `/api/v1/locations?limit=2&cursor=${p1.json.next_cursor}`);
    expect(p2.json.items.map((l: { key: string }) => l.key)).toEqual(['east']);
    expect(p2.json.next_cursor).toBeNull();
    const csv = await call(w().app, admin(), '/api/v1/locations?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="locations.csv"');
    expect(csv.text.split('\r\n')[0]).toBe('id,key,name,external_key,address,timezone,active,created_at,updated_at');
    expect(csv.text).toContain(',north,Acme North,S-1,');
  });

  it('creates, updates, deactivates and reactivates a location', async () => {
    const created = await call(w().app, admin(), '/api/v1/locations', { json: { key: 'west', name: 'Acme West <b>new</b>', address: 'Straße 1, Köln' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ key: 'west', name: 'Acme West <b>new</b>', address: 'Straße 1, Köln', active: true });
    const id = created.json.id;
    const dup = await call(w().app, admin(), '/api/v1/locations', { json: { key: 'west', name: 'Again' } });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toMatchObject({ code: 'CONFLICT', param: 'body.key' });
    const patched = await call(w().app, admin(), `/api/v1/locations/${id}`, { method: 'PATCH', json: { name: 'Acme West', timezone: 'Europe/Berlin' } });
    expect(patched.json).toMatchObject({ name: 'Acme West', timezone: 'Europe/Berlin' });
    const gone = await call(w().app, admin(), `/api/v1/locations/${id}`, { method: 'DELETE' });
    expect(gone.json.active).toBe(false);
    expect((await call(w().app, admin(), '/api/v1/locations?active=false')).json.items.map((l: { key: string }) => l.key)).toEqual(['west']);
    const back = await call(w().app, admin(), `/api/v1/locations/${id}`, { method: 'PATCH', json: { active: true } });
    expect(back.json.active).toBe(true);
  });

  it('rejects bad location input, naming the parameter', async () => {
    const cases: [string, unknown, string][] = [
      ['bad key', { key: 'Not A Key!', name: 'x' }, 'body.key'],
      ['missing name', { key: 'ok-key' }, 'body.name'],
      ['wrong type', { key: 'ok-key', name: 42 }, 'body.name'],
      ['unknown field', { key: 'ok-key', name: 'x', owner: 'me' }, 'body'],
      ['NUL character', { key: 'ok-key', name: 'a\u0000b' }, 'body'],
    ];
    for (const [, body, param] of cases) {
      const r = await call(w().app, admin(), '/api/v1/locations', { json: body });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('VALIDATION_FAILED');
      expect(r.json.error.param).toBe(param);
    }
    const notJson = await call(w().app, admin(), '/api/v1/locations', { body: '{"key":', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect((await call(w().app, admin(), '/api/v1/locations/abc')).json.error.param).toBe('path.id');
    expect((await call(w().app, admin(), '/api/v1/locations/99999999999999999999')).json.error.param).toBe('path.id');
    expect((await call(w().app, admin(), '/api/v1/locations/999999')).status).toBe(404);
  });

  it('manages people and their aliases', async () => {
    const { north } = w().seed.locations;
    const created = await call(w().app, admin(), '/api/v1/people', { json: { key: 'zoe', name: 'Zoë Ångström', location_id: north, team: 'north-sales', aliases: ['Zo'] } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ display_name: 'Zoë Ångström', first_name: 'Zoë', last_name: 'Ångström', aliases: ['Zo'], location_id: north });
    const id = created.json.id;
    const added = await call(w().app, admin(), `/api/v1/people/${id}/aliases`, { json: { alias: 'Zozo' } });
    expect(added.json.aliases).toEqual(['Zo', 'Zozo']);
    const removed = await call(w().app, admin(), `/api/v1/people/${id}/aliases/Zo`, { method: 'DELETE' });
    expect(removed.json.aliases).toEqual(['Zozo']);
    expect((await call(w().app, admin(), `/api/v1/people/${id}/aliases/nobody`, { method: 'DELETE' })).status).toBe(404);
    const moved = await call(w().app, admin(), `/api/v1/people/${id}`, { method: 'PATCH', json: { location_id: w().seed.locations.south, title: 'Sales lead' } });
    expect(moved.json).toMatchObject({ location_id: w().seed.locations.south, role_title: 'Sales lead' });
    const off = await call(w().app, admin(), `/api/v1/people/${id}`, { method: 'DELETE' });
    expect(off.json.active).toBe(false);
    expect(off.json.active_to).toBe(new Date().toISOString().slice(0, 10));
    const inNorth = await call(w().app, admin(), `/api/v1/people?location_id=${north}`);
    expect(inNorth.json.items.map((p: { key: string }) => p.key)).toEqual(['mike', 'sarah']);
    const team = await call(w().app, admin(), '/api/v1/people?team=south-sales&active=true');
    expect(team.json.items.map((p: { key: string }) => p.key)).toEqual(['dave']);
  });

  it('rejects bad people input', async () => {
    const bad = [
      [{ key: 'p1', name: 'P', location_id: 999999 }, 'body.location_id'],
      [{ key: 'p1', name: 'P', location_id: 'north' }, 'body.location_id'],
      [{ key: 'p1', name: 'P', active_from: '2026-05-01', active_to: '2026-01-01' }, 'body.active_to'],
      [{ key: 'p1', name: 'P', active_from: '2026-02-30' }, 'body.active_from'],
      [{ key: 'mike', name: 'Another Mike' }, 'body.key'],
    ] as const;
    for (const [body, param] of bad) {
      const r = await call(w().app, admin(), '/api/v1/people', { json: body });
      expect([400, 409]).toContain(r.status);
      expect(r.json.error.param).toBe(param);
    }
    const self = await call(w().app, admin(), `/api/v1/people/${w().seed.people.mike}`, { method: 'PATCH', json: { manager_id: w().seed.people.mike } });
    expect(self.json.error.param).toBe('body.manager_id');
  });

  it('lists targets with last run, coverage and status', async () => {
    const { north, east } = w().seed.locations;
    const r = await call(w().app, admin(), `/api/v1/entities/location/${north}/targets`);
    expect(r.status).toBe(200);
    const keys = r.json.items.map((t: { key: string }) => t.key).sort();
    expect(keys).toEqual(['mike:dealerrater', 'north:google']);
    const google = r.json.items.find((t: { key: string }) => t.key === 'north:google');
    expect(google).toMatchObject({ status: 'low_coverage', site_review_count: 120, blocked: false, last_run: { status: 'ok' } });
    expect(google.coverage).toBeCloseTo(google.stored_review_count / 120, 3);
    const own = await call(w().app, admin(), `/api/v1/entities/location/${north}/targets?descendants=false`);
    expect(own.json.items.map((t: { key: string }) => t.key)).toEqual(['north:google']);
    const blocked = await call(w().app, admin(), `/api/v1/entities/location/${east}/targets`);
    expect(blocked.json.items[0]).toMatchObject({ status: 'blocked', blocked: true, blocked_reason: 'captcha', blocked_runs_in_a_row: 3, last_success_at: null });
    const company = await call(w().app, admin(), `/api/v1/entities/company/${w().seed.orgId}/targets?format=csv`);
    expect(company.text.split('\r\n')[0]).toContain('status');
    expect(company.text).toContain('never_run');
    expect((await call(w().app, admin(), '/api/v1/entities/planet/1/targets')).json.error.param).toBe('path.kind');
    expect((await call(w().app, admin(), '/api/v1/entities/person/424242/targets')).status).toBe(404);
  });
});
