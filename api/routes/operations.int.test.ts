import { describe, expect, it } from 'vitest';
import { testDialect } from '../../test/support/db';
import { call, useApiWorld } from '../../test/support/seed-api';

/** CX import/list/delete, alerts, crawl runs and source health. */
const w = useApiWorld(import.meta.url);
const admin = () => w().seed.keys.admin;
const get = (path: string) => call(w().app, admin(), path);

const CSV = [
  'entity_type,external_key,period,metric,value,responses,transactions',
  'location,S-1,2025-12,NPS,55,30,300',
  'location,S-2,2025-Q4,CSAT,81.5,,',
  'person,E-3,2025-12,NPS,40,8,',
  'location,NOPE,2025-12,NPS,10,1,1',
  'location,S-1,2025-13,NPS,10,1,1',
  'location,S-1,2025-11,NPS,250,1,1',
  '"location","S-3","2025-12","NPS","12","3","30"',
].join('\n');

describe(`CX scores (${testDialect()})`, () => {
  it('imports CSV with a per-row report, and re-importing changes nothing', async () => {
    const first = await call(w().app, admin(), '/api/v1/cx/import?batch=dec', { body: CSV, contentType: 'text/csv' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ accepted: 4, unchanged: 0, batch: 'dec' });
    expect(first.json.rejected.map((r: { row: number }) => r.row)).toEqual([4, 5, 6]);
    expect(first.json.rejected[0].reason).toContain('NOPE');
    const before = await w().db.selectFrom('cx_scores').selectAll().orderBy('id').execute();
    const second = await call(w().app, admin(), '/api/v1/cx/import?batch=dec', { body: CSV, contentType: 'text/csv' });
    expect(second.json).toMatchObject({ accepted: 0, unchanged: 4 });
    expect(await w().db.selectFrom('cx_scores').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('imports JSON (array or { rows }) and refuses broken files whole', async () => {
    const rows = [{ entity_type: 'location', entity_id: w().seed.locations.east, period: '2025-11', metric: 'nps', value: 20 }];
    const a = await call(w().app, admin(), '/api/v1/cx/import?batch=json', { json: rows });
    expect(a.json).toMatchObject({ accepted: 1, rejected: [] });
    const b = await call(w().app, admin(), '/api/v1/cx/import?batch=json', { json: { rows } });
    expect(b.json).toMatchObject({ accepted: 0, unchanged: 1 });
    const broken = await call(w().app, admin(), '/api/v1/cx/import', { body: 'a,b\n"unterminated', contentType: 'text/csv' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('IMPORT_INVALID');
    const notRows = await call(w().app, admin(), '/api/v1/cx/import', { json: { hello: 'world' } });
    expect(notRows.status).toBe(400);
    const xml = await call(w().app, admin(), '/api/v1/cx/import', { body: '<rows/>', contentType: 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('lists scores of an entity and its children, paginated and as CSV', async () => {
    const loc = await get(`/api/v1/cx?entity=location:${w().seed.locations.south}&metric=NPS&from=2026-01-01&to=2026-10-31`);
    expect(loc.json.items).toHaveLength(10);
    expect(loc.json.items[0]).toMatchObject({ entity: { kind: 'location', id: w().seed.locations.south }, metric: 'NPS', period_kind: 'month', import_batch: 'seed' });
    const withPeople = await get(`/api/v1/cx?entity=location:${w().seed.locations.south}&include=children&metric=NPS&from=2026-01-01&limit=500`);
    expect(new Set(withPeople.json.items.map((i: { entity: { kind: string } }) => i.entity.kind))).toEqual(new Set(['location', 'person']));
    const page = await get('/api/v1/cx?entity=company&limit=4');
    expect(page.json.items).toHaveLength(4);
    const next = await get(`/api/v1/cx?entity=company&limit=4&cursor=${page.json.next_cursor}`);
    expect(next.json.items[0].id).toBeGreaterThan(page.json.items[3].id);
    const csv = await get(`/api/v1/cx?entity=location:${w().seed.locations.north}&format=csv`);
    expect(csv.text.split('\r\n')[0]).toBe('id,entity_kind,entity_id,metric,period_kind,period_start,value,responses,transactions,import_batch,imported_at');
    expect((await get('/api/v1/cx?metric=LOVE')).json.error.param).toBe('query.metric');
  });

  it('deletes one score or a whole batch', async () => {
    const list = await get('/api/v1/cx?entity=company&batch=dec');
    expect(list.json.items).toEqual([]);
    const dec = await w().db.selectFrom('cx_scores').select('id').where('import_batch', '=', 'dec').execute();
    const one = await call(w().app, admin(), `/api/v1/cx/${dec[0]!.id}`, { method: 'DELETE' });
    expect(one.json).toEqual({ deleted: 1 });
    expect((await call(w().app, admin(), `/api/v1/cx/${dec[0]!.id}`, { method: 'DELETE' })).status).toBe(404);
    const batch = await call(w().app, admin(), '/api/v1/cx?batch=dec', { method: 'DELETE' });
    expect(batch.json).toEqual({ deleted: dec.length - 1 });
    expect((await call(w().app, admin(), '/api/v1/cx', { method: 'DELETE' })).json.error.param).toBe('query.batch');
  });
});

describe(`alerts (${testDialect()})`, () => {
  it('lists open alerts beneath an entity, including target alerts resolved to their entity', async () => {
    const all = await get('/api/v1/alerts');
    expect(all.json.items.map((a: { id: number }) => a.id).sort()).toEqual([w().seed.alerts.northLowStar, w().seed.alerts.eastBlocked, w().seed.alerts.daveDrop].sort());
    const east = await get(`/api/v1/alerts?entity=location:${w().seed.locations.east}`);
    expect(east.json.items).toHaveLength(1);
    expect(east.json.items[0]).toMatchObject({ about: { kind: 'target' }, entity: { kind: 'location', id: w().seed.locations.east }, severity: 'critical', state: 'open' });
    const acked = await get('/api/v1/alerts?state=acknowledged');
    expect(acked.json.items.map((a: { id: number }) => a.id)).toEqual([w().seed.alerts.acknowledged]);
    const critical = await get('/api/v1/alerts?state=all&severity=critical&format=csv');
    expect(critical.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('acknowledges (idempotently) and mutes until a time', async () => {
    const { northLowStar, eastBlocked } = w().seed.alerts;
    const ack = await call(w().app, admin(), `/api/v1/alerts/${northLowStar}/acknowledge`, { method: 'POST' });
    expect(ack.json).toMatchObject({ state: 'acknowledged', acknowledged_by: 'api-key:admin' });
    const again = await call(w().app, admin(), `/api/v1/alerts/${northLowStar}/acknowledge`, { method: 'POST' });
    expect(again.json.acknowledged_at).toBe(ack.json.acknowledged_at);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const muted = await call(w().app, admin(), `/api/v1/alerts/${eastBlocked}/mute`, { json: { until } });
    expect(muted.json).toMatchObject({ state: 'muted', muted_until: until });
    expect((await get('/api/v1/alerts?state=muted')).json.items.map((a: { id: number }) => a.id)).toEqual([eastBlocked]);
    const unmuted = await call(w().app, admin(), `/api/v1/alerts/${eastBlocked}/mute`, { json: { until: null } });
    expect(unmuted.json.state).toBe('open');
    for (const [body, param] of [[{ until: '2020-01-01T00:00:00Z' }, 'body.until'], [{ until: 'tomorrow' }, 'body.until'], [{ until: '2999-01-01T00:00:00Z' }, 'body.until'], [{}, 'body.until']] as const) {
      const r = await call(w().app, admin(), `/api/v1/alerts/${eastBlocked}/mute`, { json: body });
      expect(r.status).toBe(400);
      expect(r.json.error.param).toBe(param);
    }
    expect((await call(w().app, admin(), '/api/v1/alerts/9999999/acknowledge', { method: 'POST' })).status).toBe(404);
  });
});

describe(`crawl runs and source health (${testDialect()})`, () => {
  it('lists runs newest first, filtered by entity, target and status', async () => {
    const r = await get('/api/v1/crawl-runs');
    expect(r.json.items).toHaveLength(7);
    const ids = r.json.items.map((x: { id: number }) => x.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const blocked = await get(`/api/v1/crawl-runs?entity=location:${w().seed.locations.east}&status=blocked`);
    expect(blocked.json.items).toHaveLength(3);
    expect(blocked.json.items[0]).toMatchObject({ status: 'blocked', blocked_reason: 'captcha', source: 'google' });
    const one = await get(`/api/v1/crawl-runs?target_id=${w().seed.targets.south}&limit=1`);
    expect(one.json.items[0]).toMatchObject({ status: 'failed', error_message: 'HTTP 500 from the site' });
    expect(one.json.next_cursor).toEqual(expect.any(String));
    const elsewhere = await get(`/api/v1/crawl-runs?entity=location:${w().seed.locations.north}&target_id=${w().seed.targets.south}`);
    expect(elsewhere.status).toBe(404);
    expect((await get('/api/v1/crawl-runs?status=sleeping')).json.error.param).toBe('query.status');
  });

  it('reports per target last success, last error, blocked and coverage, and totals per source', async () => {
    const r = await get('/api/v1/source-health');
    const byKey = Object.fromEntries(r.json.targets.map((t: { key: string }) => [t.key, t]));
    expect(byKey['south:dealerrater']).toMatchObject({ status: 'failing', last_error: 'HTTP 500 from the site', last_success_at: '2026-10-29T06:00:00.000Z' });
    expect(byKey['east:google']).toMatchObject({ status: 'blocked', blocked: true, blocked_runs_in_a_row: 3 });
    expect(byKey['acme:google']).toMatchObject({ status: 'never_run', last_run: null });
    expect(byKey['mike:dealerrater']).toMatchObject({ status: 'ok', site_review_count: 20 });
    const google = r.json.sources.find((s: { source: string }) => s.source === 'google');
    expect(google).toMatchObject({ targets: 3, blocked: 1, never_run: 1, low_coverage: 1, site_review_count: 120 });
    const csv = await get('/api/v1/source-health?format=csv');
    expect(csv.text.split('\r\n')[0]).toContain('coverage');
  });
});
