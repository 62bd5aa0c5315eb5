import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../../db/connection';

/**
 * Benchmarks run against the real PostgreSQL, each in schemas of its own
 * (bench_<name>_<random>) that are dropped afterwards: the public schema and
 * other people's schemas are never touched.
 */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function benchSchemaName(name: string): string {
  return `bench_${name}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchemas(...schemas: string[]): Promise<void> {
  const admin = await openDatabase({ url: benchDatabaseUrl, poolSize: 1 });
  try {
    for (const s of schemas) {
      if (!s.startsWith('bench_')) throw new Error(`refusing to drop schema ${s}: not a benchmark schema`);
      await sql`drop schema if exists ${sql.id(s)} cascade`.execute(admin.db);
    }
  } finally {
    await admin.close();
  }
}

export async function postgresVersion(): Promise<string> {
  const admin = await openDatabase({ url: benchDatabaseUrl, poolSize: 1 });
  try {
    return (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(admin.db)).rows[0]!.v;
  } finally {
    await admin.close();
  }
}
