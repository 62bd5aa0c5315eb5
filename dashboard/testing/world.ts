import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { beforeAll, vi } from 'vitest';
import { createApp } from '../../api/app';
import type { RunningServer } from '../../api/server';
import type { AppContext } from '../../core/context';
import type { Database } from '../../db/types';
import { processPendingReviews } from '../../jobs/processing/process-reviews';
import { refreshRollups } from '../../jobs/rollups/refresh-rollups';
import { useTestDatabase } from '../../test/support/db';
import { apiContext, seedApi, type ApiSeed } from '../../test/support/seed-api';
import { dashboardBeside, type DashboardOptions } from '../app';
import { startWebServer } from '../serve';

/**
 * The dashboard tests' world: the API tests' seed (built through the real
 * processing and rollup jobs) plus one more hostile review, negative and
 * unanswered so it lands in a location's "waiting for an answer" list, with
 * both a script tag and an image whose onerror would run.
 */
export const HOSTILE_REVIEW = 'Nobody called back. <script>alert(1)</script> and then <img src=x onerror=alert(1)> instead of the car.';
/** A range fixed to the seed's months, so tests do not depend on today's date. */
export const RANGE = { from: '2026-01-01', to: '2026-10-31' };

export interface DashboardSeed extends ApiSeed {
  hostileReviewId: number;
}

export async function seedDashboard(db: Kysely<Database>): Promise<DashboardSeed> {
  const seed = await seedApi(db);
  const target = await db.selectFrom('targets').select(['id', 'source_id']).where('id', '=', seed.targets.east).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('reviews')
    .values({
      source_id: target.source_id, target_id: target.id, external_id: 'dashboard-hostile', entity_kind: 'location', organization_id: seed.orgId,
      location_id: seed.locations.east, person_id: null, rating_raw: 1, rating_scale: 5, rating: 1, text: HOSTILE_REVIEW,
      title: '<b>bold</b> title', author_name: '<i>Mallory</i>', language: 'en', published_at: '2026-10-27T12:00:00Z', published_precision: 'day',
      first_seen_at: '2026-10-27T12:00:00Z', last_seen_at: '2026-11-01T00:00:00Z', content_hash: 'dashboard-hostile',
      url: 'javascript:alert(1)', employee_tags: JSON.stringify([]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await processPendingReviews(db, { settings: seed.settings });
  await refreshRollups(db, { settings: seed.settings, now: new Date('2026-11-01T00:00:00Z') });
  return { ...seed, hostileReviewId: row.id };
}

/**
 * The API with the dashboard beside it, dispatched by path exactly as
 * api/server.ts does with `beside: dashboardBeside(ctx)`, for app.request tests.
 */
export function dashboardApp(ctx: AppContext, opts: DashboardOptions = {}): Hono {
  const api = createApp(ctx, { rateLimit: false });
  const beside = dashboardBeside(ctx, opts);
  const root = new Hono();
  root.all('*', (c) => (beside.matches(c.req.path) ? beside.fetch(c.req.raw, c.env) : api.fetch(c.req.raw, c.env)));
  return root;
}

/** The real server (api/server.ts) on 127.0.0.1, a free port, with the dashboard beside the API. */
export function serveDashboard(ctx: AppContext, opts: DashboardOptions = {}): Promise<RunningServer> {
  return startWebServer(ctx, { port: 0, host: '127.0.0.1', rateLimit: false, dashboard: opts });
}

/** Signs in through the form and returns the Cookie header value for further requests (app.request tests). */
export async function login(app: Hono, key: string): Promise<string> {
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
    body: new URLSearchParams({ key, next: '/' }).toString(),
  });
  const set = res.headers.get('set-cookie');
  if (res.status !== 303 || !set) throw new Error(`login failed: ${res.status}`);
  return set.split(';')[0]!;
}

/**
 * One seeded database and app per integration test file (both DB tiers):
 * `const w = useDashboardWorld(import.meta.url)`, then `w().app.request(...)`.
 */
export function useDashboardWorld(fileUrl: string, opts: DashboardOptions = {}) {
  // Seeding runs the real processing and rollup jobs: slower than vitest's default 10 s on a busy machine.
  vi.setConfig({ hookTimeout: 180_000, testTimeout: 60_000 });
  const t = useTestDatabase(fileUrl);
  let world: { app: Hono; seed: DashboardSeed; ctx: AppContext; db: Kysely<Database> } | undefined;
  beforeAll(async () => {
    const handle = t();
    const seed = await seedDashboard(handle.db);
    const ctx = apiContext(handle);
    world = { app: dashboardApp(ctx, opts), seed, ctx, db: handle.db };
  });
  return () => {
    if (!world) throw new Error('dashboard world not ready');
    return world;
  };
}

/** GET a dashboard path with a session cookie; status, body text and headers. */
export async function page(app: Hono, cookie: string | null, path: string) {
  const res = await app.request(path, { headers: cookie ? { Cookie: cookie } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The data a chart was drawn from, read back out of the page (the JSON beside the chart). */
export function chartData(html: string, id: string): { kind: string; x: unknown[]; series: { label: string; values: (number | null)[] }[]; pointLabels?: string[] } {
  const m = new RegExp(`<script type="application/json" id="${id}-data">([^<]*)</script>`).exec(html);
  if (!m) throw new Error(`no chart ${id} on the page`);
  return JSON.parse(m[1]!);
}
