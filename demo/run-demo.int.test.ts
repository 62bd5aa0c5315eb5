import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, type Env } from '../core/env';
import { openDatabase } from '../db/connection';
import { testDialect, testPostgresUrl } from '../test/support/db';
import { runDemo, type RunningDemo } from './run-demo';

/**
 * The main job end to end: the demo site is crawled over HTTP by the real
 * crawlers, processed and served; the API answers a location's monthly
 * rating trend with numbers that came through the crawlers; a second run
 * changes nothing. Runs on PGlite (a data folder) and on PostgreSQL (a
 * database of its own, dropped afterwards).
 */
let env: Env;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (testDialect() === 'postgres') {
    const name = `repwatch_demo_${Date.now().toString(36)}`;
    const admin = await openDatabase({ url: testPostgresUrl, poolSize: 1 });
    await sql.raw(`create database ${name}`).execute(admin.db);
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;
    env = parseEnv({ DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' });
    cleanup = async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-demo-'));
    env = parseEnv({ REPWATCH_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(async () => cleanup?.());

async function snapshot(demo: RunningDemo) {
  const db = demo.ctx.db;
  const count = async (table: 'reviews' | 'review_versions' | 'attributions' | 'cx_scores' | 'review_scores' | 'rollups') =>
    (await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
  return {
    reviews: await count('reviews'),
    versions: await count('review_versions'),
    attributions: await count('attributions'),
    cx: await count('cx_scores'),
    scores: await count('review_scores'),
    rollups: await count('rollups'),
    removed: (await db.selectFrom('reviews').select(sql<number>`count(*)`.as('n')).where('removed_at', 'is not', null).executeTakeFirstOrThrow()).n,
  };
}

describe(`repwatch demo end to end (${testDialect()})`, { timeout: 600_000 }, () => {
  let first: Awaited<ReturnType<typeof snapshot>>;

  it('crawls the demo site over HTTP, processes it and serves real numbers', async () => {
    const demo = await runDemo({ env, serve: true, port: 0, host: '127.0.0.1', months: 8, scale: 0.5, noBrowser: true });
    try {
      const s = demo.summary;
      expect(s.crawlRuns.length).toBeGreaterThan(5);
      expect(s.crawlRuns.every((r) => r.status === 'ok')).toBe(true);
      expect(s.reviews.company).toBeGreaterThan(0);
      expect(s.reviews.location).toBeGreaterThan(0);
      expect(s.reviews.person).toBeGreaterThan(0);
      // Phase 1 of the story edits and removes reviews between the two crawls.
      expect(s.reviews.edited).toBeGreaterThan(0);
      expect(s.reviews.removed).toBeGreaterThan(0);
      expect(s.attributions).toBeGreaterThan(0);

      const location = await demo.ctx.db.selectFrom('locations').select(['id', 'key']).where('key', '=', 'riverside').executeTakeFirstOrThrow();
      // The printed summary's "last 90 days" is the window ending with this month, counted from the reviews themselves.
      const end = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1));
      const start = new Date(end.getTime() - 90 * 86_400_000);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from reviews
        where location_id = ${location.id} and removed_at is null
          and coalesce(published_at, first_seen_at) >= ${start} and coalesce(published_at, first_seen_at) < ${end}`.execute(demo.ctx.db);
      expect(rows[0]!.n).toBeGreaterThan(5);
      expect(s.locations.find((l) => l.key === 'riverside')!.reviews).toBe(rows[0]!.n);
      const res = await fetch(`${s.apiUrl}/api/v1/trends?entity=location:${location.id}&granularity=month&metrics=rating,volume`, {
        headers: { Authorization: `Bearer ${s.adminKey}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { series: { source: string; role: string; points: { period_start: string; review_count?: number; rating_avg?: number | null }[] }[] };
      const series = body.series.find((x) => x.role === 'entity' && x.source === '*')!;
      const months = series.points.filter((p) => (p.review_count ?? 0) > 0);
      expect(months.length).toBeGreaterThan(3);
      for (const p of months) expect(p.rating_avg).toBeGreaterThanOrEqual(1);
      for (const p of months) expect(p.rating_avg).toBeLessThanOrEqual(5);
      // The numbers are the crawled reviews' numbers: never more reviews than were stored for the location.
      const stored = await demo.ctx.db
        .selectFrom('reviews')
        .select([sql<number>`count(*)`.as('n')])
        .where('location_id', '=', location.id)
        .executeTakeFirstOrThrow();
      const counted = months.reduce((n, p) => n + (p.review_count ?? 0), 0);
      expect(counted).toBeGreaterThan(0);
      expect(counted).toBeLessThanOrEqual(stored.n);
      const unauthorised = await fetch(`${s.apiUrl}/api/v1/trends?entity=location:${location.id}&granularity=month`);
      expect(unauthorised.status).toBe(401);
      // The dashboard is served on the same port: its sign-in page, and a redirect to it without a session.
      const login = await fetch(`${s.apiUrl}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('API key');
      expect((await fetch(`${s.apiUrl}/overview`, { redirect: 'manual' })).status).toBe(303);
      first = await snapshot(demo);
    } finally {
      await demo.stop();
    }
  });

  it('a second run is idempotent', async () => {
    const demo = await runDemo({ env, serve: false, months: 8, scale: 0.5, noBrowser: true });
    try {
      expect(demo.summary.crawlRuns.every((r) => r.reviewsNew === 0 && r.reviewsChanged === 0)).toBe(true);
      expect(await snapshot(demo)).toEqual(first);
    } finally {
      await demo.stop();
    }
  });
});
