import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/load';
import { AppError } from '../core/errors';
import { useTestDatabase, testDialect } from '../test/support/db';
import { createApiKey, findApiKeyByToken, revokeApiKey } from './api-keys';
import { parseCxCsv, parsePeriod } from './cx/cx-rows';
import { importCxRows } from './cx/import-cx';
import { importRosterCsv } from './roster/import-roster-csv';
import { syncConfig } from './roster/sync-config';

const t = useTestDatabase(import.meta.url);

const config = parseConfig({
  company: { key: 'acme', name: 'Acme Cars', externalKey: 'ACME', targets: [{ source: 'trustpilot', url: 'https://tp.example/acme' }] },
  locations: [
    { key: 'north', name: 'North', externalKey: 'S-1', targets: [{ source: 'dealerrater', url: 'https://dr.example/north' }] },
    { key: 'south', name: 'South', externalKey: 'S-2' },
  ],
  people: [
    { key: 'ann', name: 'Ann Lee', location: 'north', externalKey: 'E-1', aliases: ['Annie'], manager: 'bob' },
    { key: 'bob', name: 'Bob Stone', location: 'south', externalKey: 'E-2', targets: [{ source: 'dealerrater', url: 'https://dr.example/bob' }] },
  ],
});

describe(`roster sync from config (${testDialect()})`, () => {
  it('creates the tree and targets, and a second sync changes nothing', async () => {
    const { db } = t();
    const first = await syncConfig(db, config);
    expect(first.locations.created).toBe(2);
    expect(first.people.created).toBe(2);
    expect(first.targets.created).toBe(3);
    const snapshot = async () => ({
      people: await db.selectFrom('people').select(['key', 'location_id', 'manager_id', 'aliases']).orderBy('key').execute(),
      targets: await db.selectFrom('targets').select(['key', 'entity_kind', 'location_id', 'person_id', 'enabled']).orderBy('key').execute(),
    });
    const before = await snapshot();
    const second = await syncConfig(db, config);
    expect(second.people).toEqual({ created: 0, updated: 2, deactivated: 0 });
    expect(await snapshot()).toEqual(before);
    const ann = before.people.find((p) => p.key === 'ann')!;
    expect(ann.aliases).toEqual(['Annie']);
    expect(ann.manager_id).not.toBeNull();
    const bobTarget = before.targets.find((x) => x.key === 'bob:dealerrater')!;
    expect(bobTarget.entity_kind).toBe('person');
  });

  it('deactivates what left the config instead of deleting it', async () => {
    const { db } = t();
    const smaller = parseConfig({ ...structuredClone(config), locations: [config.locations[0]], people: [{ key: 'ann', name: 'Ann Lee', location: 'north' }] });
    const report = await syncConfig(db, smaller, new Date('2026-05-01T00:00:00Z'));
    expect(report.locations.deactivated).toBe(1);
    expect(report.people.deactivated).toBe(1);
    const bob = await db.selectFrom('people').select(['active_to']).where('key', '=', 'bob').executeTakeFirstOrThrow();
    expect(bob.active_to).toBe('2026-05-01');
    expect(report.targets.disabled).toBe(1);
    await syncConfig(db, config);
  });
});

describe(`internal CX import (${testDialect()})`, () => {
  const csv = [
    'entity_type,external_key,period,metric,value,responses,transactions',
    'location,S-1,2026-03,NPS,42,120,900',
    'location,S-2,2026-Q1,csat,88.5,40,',
    'person,E-1,2026-03,NPS,55,30,200',
    'person,E-404,2026-03,NPS,55,30,200',
    'location,S-1,2026-13,NPS,42,120,900',
    'location,S-1,2026-04,NPS,142,120,900',
    'location,S-1,2026-04,WOW,1,1,1',
    'location,S-1,2026-04,NPS,abc,1,1',
    'shop,S-1,2026-04,NPS,1,1,1',
    'location,S-1,2026-03,NPS,43,120,900',
  ].join('\n');

  it('reports accepted and rejected rows with reasons', async () => {
    const { db } = t();
    const report = await importCxRows(db, parseCxCsv(csv));
    expect(report.accepted).toBe(3);
    expect(report.rejected.map((r) => r.row)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(report.rejected[0]!.reason).toMatch(/no person with external key "E-404"/);
    expect(report.rejected[1]!.reason).toMatch(/period "2026-13"/);
    expect(report.rejected[2]!.reason).toMatch(/outside NPS's range/);
    expect(report.rejected[3]!.reason).toMatch(/metric must be one of/);
    expect(report.rejected[4]!.reason).toMatch(/value/);
    expect(report.rejected[5]!.reason).toMatch(/entity_type/);
    expect(report.rejected[6]!.reason).toMatch(/duplicate/);
  });

  it('re-importing the same file changes nothing', async () => {
    const { db } = t();
    const before = await db.selectFrom('cx_scores').select(['entity_kind', 'entity_id', 'metric', 'period_kind', 'period_start', 'value', 'responses', 'transactions']).orderBy('id').execute();
    const report = await importCxRows(db, parseCxCsv(csv));
    expect(report.accepted).toBe(0);
    expect(report.unchanged).toBe(3);
    const after = await db.selectFrom('cx_scores').select(['entity_kind', 'entity_id', 'metric', 'period_kind', 'period_start', 'value', 'responses', 'transactions']).orderBy('id').execute();
    expect(after).toEqual(before);
    expect(after.find((r) => r.metric === 'CSAT')).toMatchObject({ period_kind: 'quarter', period_start: '2026-01-01', value: 88.5, transactions: null });
  });

  it('a broken CSV is rejected whole with a clear message', () => {
    expect(() => parseCxCsv('entity_type,external_key\n"unclosed,1\n')).toThrow(AppError);
    expect(() => parseCxCsv('entity_type,external_key\n"unclosed,1\n')).toThrow(/cannot be read.*Nothing was imported/);
  });

  it('parses periods', () => {
    expect(parsePeriod('2026-W01')).toEqual({ kind: 'week', start: '2025-12-29' });
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', start: '2026-10-01' });
    expect(parsePeriod('2026-02-30')).toBeNull();
  });
});

describe(`roster CSV import (${testDialect()})`, () => {
  it('imports rows and reports each one', async () => {
    const { db } = t();
    const csv = [
      'type,key,name,location,aliases,team,manager,external_key,active_from,active_to,source,url',
      'person,cara,Cara Diaz,west,Cari;CD,west-sales,ann,E-9,2025-01-01,,dealerrater,https://dr.example/cara',
      'location,west,West,,,,,S-3,,,,',
      'person,Bad Key,X,,,,,,,,,',
      'person,dan,Dan Ho,nowhere,,,,,,,,',
      'person,eve,Eve Park,west,,,,,2025-99-01,,,',
      'person,fay,Fay Wu,west,,,,,,,dealerrater,',
    ].join('\n');
    const report = await importRosterCsv(db, csv);
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'rejected'],
    ]);
    expect(report.rows[3]!.reason).toBe('unknown location "nowhere"');
    const cara = await db.selectFrom('people').selectAll().where('key', '=', 'cara').executeTakeFirstOrThrow();
    expect(cara.aliases).toEqual(['Cari', 'CD']);
    expect(cara.manager_id).not.toBeNull();
    const target = await db.selectFrom('targets').selectAll().where('key', '=', 'cara:dealerrater').executeTakeFirstOrThrow();
    expect(target.person_id).toBe(cara.id);
  });

  it('a broken roster CSV writes nothing', async () => {
    const { db } = t();
    const before = await db.selectFrom('people').select('key').execute();
    await expect(importRosterCsv(db, 'type,key,name\nperson,zed,"Zed\n')).rejects.toThrow(/Nothing was imported/);
    expect(await db.selectFrom('people').select('key').execute()).toEqual(before);
  });
});

describe(`API keys (${testDialect()})`, () => {
  it('stores only a hash and can be revoked', async () => {
    const { db } = t();
    const { id, key } = await createApiKey(db, { name: 'k', role: 'manager', scope: { locationIds: [1] } });
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await findApiKeyByToken(db, key))?.scope).toEqual({ locationIds: [1] });
    expect(await revokeApiKey(db, id)).toBe(true);
    expect(await findApiKeyByToken(db, key)).toBeUndefined();
  });
});
