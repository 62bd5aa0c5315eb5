import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';

/**
 * Integration tests run twice (vitest projects int-pglite and int-postgres).
 * Each test file gets its own database: an in-memory PGlite, or its own schema
 * on the real PostgreSQL. A schema whose tests failed is kept for a look
 * (its name is printed); passing ones are dropped.
 */
export function testDialect(): Dialect {
  return process.env.REPWATCH_TEST_DIALECT === 'postgres' ? 'postgres' : 'pglite';
}

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createTestDatabase(label = 'test'): Promise<DatabaseHandle & { url: string | null }> {
  if (testDialect() === 'postgres') {
    const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
    const schema = `t_${safe}_${randomBytes(4).toString('hex')}`;
    const handle = await openDatabase({ url: testPostgresUrl, schema, poolSize: 5 });
    await migrateToLatest(handle);
    return { ...handle, schema, url: testPostgresUrl };
  }
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle);
  return { ...handle, url: null };
}

export async function dropTestSchema(schema: string): Promise<void> {
  const admin = await openDatabase({ url: testPostgresUrl, poolSize: 1 });
  try {
    await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
  } finally {
    await admin.close();
  }
}

/**
 * Registers beforeAll/afterAll hooks and returns a getter for the file's database.
 * Usage: `const t = useTestDatabase(import.meta.url); ... t().db`.
 */
export function useTestDatabase(fileUrl: string): () => DatabaseHandle & { url: string | null } {
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let failed = false;
  beforeAll(async () => {
    handle = await createTestDatabase(path.basename(fileUrl).replace(/\..*$/, ''));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (!handle) return;
    await handle.close();
    if (handle.schema) {
      if (failed) console.warn(`[repwatch tests] keeping schema ${handle.schema} for inspection (a test failed)`);
      else await dropTestSchema(handle.schema);
    }
  });
  return () => {
    if (!handle) throw new Error('test database not ready (used outside a test?)');
    return handle;
  };
}
