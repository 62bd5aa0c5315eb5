import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/types';
import { createApiKey } from '../../domain/api-keys';
import { FULL, generate, QUICK } from './dataset';
import { httpGet, runLoad, type LoadResult } from './load';

/**
 * API read benchmark: `npx tsx bench/api/run.ts [--quick] [--duration=15] [--fresh] [--prepare-only] [--concurrency=32,64] [--only=a,b] [--pool=20]`.
 * Needs PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL, TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test). The dataset lives in its own schema
 * and is reused by later runs of the same size (--fresh rebuilds it).
 * For each scenario and concurrency it measures the API over HTTP on 127.0.0.1
 * and, beside it, the plain SQL read of the same rollup rows through a pool of
 * the same size. Progress goes to stderr, the JSON report to stdout.
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const size = quick ? QUICK : FULL;
const durationMs = Number(option('duration') ?? (quick ? 4 : 15)) * 1000;
const concurrencies = (option('concurrency') ?? '32,64').split(',').map(Number);
const only = option('only')?.split(',');
const pool = Number(option('pool') ?? 20);
const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = quick ? 'bench_api_quick' : 'bench_api_full';
const log = (msg: string) => process.stderr.write(`[bench/api] ${msg}\n`);

async function prepare(): Promise<{ generated: boolean; seconds: number }> {
  const admin = await openDatabase({ url, poolSize: 1 });
  const marker = JSON.stringify(size);
  try {
    const found = await sql<{ size: string }>`select size from ${sql.table(`${schema}.bench_meta`)}`.execute(admin.db).catch(() => ({ rows: [] }));
    if (!flag('fresh') && found.rows[0]?.size === marker) return { generated: false, seconds: 0 };
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const t0 = performance.now();
  const handle = await openDatabase({ url, schema, poolSize: 2 });
  try {
    await migrateToLatest(handle);
    await generate(handle.db, size, log);
    await sql`create table bench_meta (size text not null)`.execute(handle.db);
    await sql`insert into bench_meta values (${marker})`.execute(handle.db);
  } finally {
    await handle.close();
  }
  return { generated: true, seconds: Math.round((performance.now() - t0) / 1000) };
}

async function startApi(): Promise<{ url: string; stop: () => void }> {
  const serve = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', serve], {
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_SCHEMA: schema, BENCH_POOL: String(pool) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

interface Scenario {
  name: string;
  api: (rand: () => number) => string;
  baseline: (db: Kysely<Database>, rand: () => number) => Promise<unknown>;
}

function scenarios(): Scenario[] {
  const pick = (rand: () => number, n: number) => 1 + Math.floor(rand() * n);
  const now = new Date();
  const month = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  const [from, to] = [month(12), month(1)];
  const series = (db: Kysely<Database>, kind: 'location' | 'person', id: number) =>
    db.selectFrom('rollups').selectAll().where('entity_kind', '=', kind).where('entity_id', '=', id).where('period_kind', '=', 'month')
      .where('source_key', '=', '*').where('period_start', '>=', from).where('period_start', '<=', to).orderBy('period_start').execute();
  const league = (db: Kysely<Database>, level: 'location' | 'person', where: RawBuilder<unknown>) =>
    sql`select e.id, r.* from ${sql.table(level === 'location' ? 'locations' : 'people')} e
        left join rollups r on r.entity_kind = ${level} and r.entity_id = e.id and r.period_kind = 'month' and r.period_start = ${to}::date and r.source_key = '*'
        where ${where}`.execute(db);
  const L = size.locations;
  const P = size.people;
  const list: Scenario[] = [
    { name: 'trends location (12 months)', api: (r) => `/api/v1/trends?entity=location:${pick(r, L)}&granularity=month&from=${from}&to=${to}`, baseline: (db, r) => series(db, 'location', pick(r, L)) },
    { name: 'trends person (12 months)', api: (r) => `/api/v1/trends?entity=person:${pick(r, P)}&granularity=month&from=${from}&to=${to}`, baseline: (db, r) => series(db, 'person', pick(r, P)) },
    { name: 'rankings people within a location', api: (r) => `/api/v1/rankings?level=person&within=location:${pick(r, L)}&period_start=${to}`, baseline: (db, r) => league(db, 'person', sql`e.location_id = ${pick(r, L)}`) },
    { name: 'rankings locations within company', api: () => `/api/v1/rankings?level=location&period_start=${to}`, baseline: (db) => league(db, 'location', sql`true`) },
    { name: 'rankings all people within company (top 50)', api: () => `/api/v1/rankings?level=person&period_start=${to}&limit=50`, baseline: (db) => league(db, 'person', sql`true`) },
    {
      name: 'reputation-vs-cx location + its people',
      api: (r) => `/api/v1/reputation-vs-cx?entity=location:${pick(r, L)}&from=${from}&to=${to}`,
      baseline: async (db, r) => {
        const id = pick(r, L);
        const people = (await db.selectFrom('people').select('id').where('location_id', '=', id).execute()).map((p) => p.id);
        await Promise.all([
          series(db, 'location', id),
          db.selectFrom('rollups').selectAll().where('entity_kind', '=', 'person').where('entity_id', 'in', people).where('period_kind', '=', 'month')
            .where('source_key', '=', '*').where('period_start', '>=', from).where('period_start', '<=', to).execute(),
          db.selectFrom('cx_scores').selectAll().where('entity_kind', '=', 'person').where('entity_id', 'in', people).where('metric', '=', 'NPS')
            .where('period_kind', '=', 'month').where('period_start', '>=', from).where('period_start', '<=', to).execute(),
        ]);
      },
    },
    {
      name: 'review search: location, newest 50',
      api: (r) => `/api/v1/reviews?entity=location:${pick(r, L)}&limit=50`,
      baseline: (db, r) => sql`select * from reviews where location_id = ${pick(r, L)} order by published_at desc nulls first, id desc limit 51`.execute(db),
    },
    {
      name: 'review search: location, text "financing"',
      api: (r) => `/api/v1/reviews?entity=location:${pick(r, L)}&q=financing&limit=50`,
      baseline: (db, r) => sql`select * from reviews where location_id = ${pick(r, L)} and (text ilike '%financing%' or title ilike '%financing%')
        order by published_at desc nulls first, id desc limit 51`.execute(db),
    },
  ];
  return list.filter((s) => !only || only.some((o) => s.name.includes(o)));
}

const prep = await prepare();
log(prep.generated ? `dataset generated in ${prep.seconds}s` : 'dataset reused');
if (flag('prepare-only')) process.exit(0);
const handle = await openDatabase({ url, schema, poolSize: pool });
const { key } = await createApiKey(handle.db, { name: `bench-${Date.now()}`, role: 'admin' });
const api = await startApi();
const get = httpGet(api.url, key);
const results: { scenario: string; concurrency: number; api: LoadResult; baseline_sql: LoadResult; api_overhead_p50_ms: number }[] = [];
try {
  for (const s of scenarios()) {
    await runLoad((r) => get(s.api(r)), 8, 1000, 99);
    await runLoad((r) => s.baseline(handle.db, r), 8, 500, 99);
    for (const c of concurrencies) {
      const apiResult = await runLoad((r) => get(s.api(r)), c, durationMs);
      const base = await runLoad((r) => s.baseline(handle.db, r), c, durationMs);
      results.push({ scenario: s.name, concurrency: c, api: apiResult, baseline_sql: base, api_overhead_p50_ms: Math.round((apiResult.p50 - base.p50) * 100) / 100 });
      log(`${s.name} @${c}: api p50 ${apiResult.p50} p95 ${apiResult.p95} p99 ${apiResult.p99} ms (${apiResult.rps}/s, ${apiResult.errors} errors); sql p50 ${base.p50} p95 ${base.p95} p99 ${base.p99} ms (${base.rps}/s)`);
    }
  }
} finally {
  api.stop();
  await handle.db.deleteFrom('api_keys').where('name', 'like', 'bench-%').execute();
  await handle.close();
}
const version = await (async () => {
  const h = await openDatabase({ url, poolSize: 1 });
  try {
    return (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(h.db)).rows[0]?.v;
  } finally {
    await h.close();
  }
})();
process.stdout.write(
  `${JSON.stringify({ dataset: { ...size, schema, ...prep }, postgres: version, pool, durationSeconds: durationMs / 1000, host: '127.0.0.1', results }, null, 2)}\n`,
);
