import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { knownMigrations, migrateToLatest, pendingMigrations } from './migrate';
import { createTestDatabase, dropTestSchema, testDialect, testPostgresUrl, useTestDatabase } from '../test/support/db';

const t = useTestDatabase(import.meta.url);

describe(`migrations (${testDialect()})`, () => {
  it('creates every table and leaves nothing pending', async () => {
    const { db } = t();
    expect(await pendingMigrations(t())).toEqual([]);
    const tables = await db.introspection.getTables();
    const names = tables.map((x) => x.name);
    for (const name of ['organizations', 'locations', 'people', 'targets', 'reviews', 'review_versions', 'attributions', 'cx_scores', 'rollups', 'rollup_facts', 'rollup_days', 'rollup_theme_days', 'alerts', 'api_keys']) {
      expect(names).toContain(name);
    }
  });

  it('is idempotent: a second run does nothing', async () => {
    const again = await migrateToLatest(t());
    expect(again.results).toEqual([]);
  });

  it('returns counts and numerics as numbers and dates as strings', async () => {
    const { db } = t();
    const row = await sql<{ n: unknown; x: unknown; d: unknown }>`select count(*) as n, 1.5::numeric as x, date '2026-01-31' as d`.execute(db);
    expect(row.rows[0]).toEqual({ n: 1, x: 1.5, d: '2026-01-31' });
  });

  it('enforces that a target is bound to exactly one entity', async () => {
    const { db } = t();
    const org = await db.insertInto('organizations').values({ key: 'o1', name: 'O' }).returning('id').executeTakeFirstOrThrow();
    const src = await db.insertInto('sources').values({ key: 's1', label: 'S' }).returning('id').executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('targets')
        .values({ key: 'bad', source_id: src.id, url: 'http://x', entity_kind: 'location', organization_id: org.id })
        .execute(),
    ).rejects.toThrow();
  });

  it.runIf(testDialect() === 'postgres')('two processes migrating at once both succeed', async () => {
    const schema = `t_concurrent_${Date.now().toString(36)}`;
    const a = await openDatabase({ url: testPostgresUrl, schema, poolSize: 2 });
    const b = await openDatabase({ url: testPostgresUrl, schema, poolSize: 2 });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      expect([...(ra.results ?? []), ...(rb.results ?? [])].filter((r) => r.status === 'Success')).toHaveLength(knownMigrations.length);
    } finally {
      await a.close();
      await b.close();
      await dropTestSchema(schema);
    }
  });

  it('a fresh database from the helper is isolated from others', async () => {
    const other = await createTestDatabase('isolation');
    try {
      await other.db.insertInto('organizations').values({ key: 'only-here', name: 'X' }).execute();
      const mine = await t().db.selectFrom('organizations').where('key', '=', 'only-here').selectAll().execute();
      expect(mine).toEqual([]);
    } finally {
      await other.close();
      if (other.schema) await dropTestSchema(other.schema);
    }
  });
});
