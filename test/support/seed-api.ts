import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { beforeAll, vi } from 'vitest';
import { createApp, type CreateAppOptions } from '../../api/app';
import { settingsSchema, type Settings } from '../../core/config/schema';
import type { AppContext } from '../../core/context';
import { parseEnv } from '../../core/env';
import { silentLogger } from '../../core/logger';
import type { DatabaseHandle } from '../../db/connection';
import type { Database, EmployeeTagJson } from '../../db/types';
import { createApiKey } from '../../domain/api-keys';
import { importCxRows } from '../../domain/cx/import-cx';
import { processPendingReviews } from '../../jobs/processing/process-reviews';
import { refreshRollups } from '../../jobs/rollups/refresh-rollups';
import { useTestDatabase } from './db';

/**
 * The API tests' world, built the way production builds it: roster, targets
 * and reviews inserted as the crawler writes them, then the real processing
 * job (scores, themes, attributions) and the real rollup refresh. CX scores go
 * through the CX importer. Everything is deterministic.
 *
 * Acme Motors has three locations:
 *  - north: strong all year, then a collapse in October (falling, unanswered negatives);
 *    people Mike Lambert (own DealerRater profile, alias "Mikey") and Sarah Connor, team north-sales;
 *  - south: improving every month; Dave Okafor and Ann Whitfield (left mid-2026), team south-sales;
 *  - east: few reviews, a blocked source, and hostile review text.
 * Reviews run January–October 2026.
 */
export const SEED_MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

export const HOSTILE_TEXTS = {
  script: '<script>alert("pwned")</script> The price was fair.',
  sql: "'; DROP TABLE reviews; -- the staff were friendly",
  unicode: 'Ünïcödé 🚗 日本語: señor Müller was quick and honest',
  formula: '=HYPERLINK("http://evil.example","click"), "quoted", and a\nsecond line',
};

export interface ApiSeed {
  orgId: number;
  locations: { north: number; south: number; east: number };
  people: { mike: number; sarah: number; dave: number; ann: number };
  targets: { company: number; north: number; south: number; east: number; mike: number };
  keys: { admin: string; leadership: string; marketing: string; manager: string; teamManager: string };
  reviews: { versioned: number; removed: number; hostile: Record<keyof typeof HOSTILE_TEXTS, number> };
  alerts: { northLowStar: number; eastBlocked: number; daveDrop: number; acknowledged: number };
  settings: Settings;
}

/** Settings of the seeded world: a strict review threshold so name-only mentions wait in the queue. */
export const seedSettings: Settings = settingsSchema.parse({ scoring: { minReviewsForRank: 3, attributionReviewThreshold: 0.9 } });

export function apiContext(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, settings: Settings = seedSettings): AppContext {
  return { db: handle.db, dialect: handle.dialect, env: parseEnv({}), config: null, settings, logger: silentLogger };
}

const POSITIVE = [
  'Fair price and a quick, painless process. The staff were friendly and honest.',
  'Very friendly team, they explained everything clearly.',
  'Quick service and an honest price. Would come back.',
];
const NEUTRAL = ['Average visit: the price was okay but we waited a while.'];
const NEGATIVE = [
  'We waited for hours and nobody called back. The price was too high.',
  'Rude staff, they lied about the price and never returned my calls.',
  'Terrible wait, unclear paperwork and a dishonest finance office.',
];

/** Monthly quality per location: the mean rating reviews scatter around. */
const QUALITY = {
  north: [4.5, 4.6, 4.4, 4.5, 4.7, 4.6, 4.5, 4.4, 4.5, 1.6],
  south: [2.6, 2.9, 3.1, 3.4, 3.6, 3.8, 4.0, 4.2, 4.3, 4.5],
  east: [3.6, 3.4, 3.8, 3.5, 3.6, 3.7, 3.4, 3.6, 3.5, 3.6],
};
/** Evenly spread offsets (a dither): the rounded ratings of a month average to its quality. */
const SCATTER = [-0.4375, 0.1875, -0.1875, 0.4375, -0.0625, 0.3125, -0.3125, 0.0625];

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const textFor = (rating: number, i: number) =>
  rating >= 4 ? POSITIVE[i % POSITIVE.length]! : rating === 3 ? NEUTRAL[0]! : NEGATIVE[i % NEGATIVE.length]!;

interface ReviewRow {
  target: keyof ApiSeed['targets'];
  rating: number;
  text: string;
  publishedAt: string;
  response?: boolean;
  tags?: EmployeeTagJson[];
  removedAt?: string;
}

export async function seedApi(db: Kysely<Database>, settings: Settings = seedSettings): Promise<ApiSeed> {
  const org = await db.insertInto('organizations').values({ key: 'acme', name: 'Acme Motors', external_key: 'ACME' }).returning('id').executeTakeFirstOrThrow();
  const loc = async (key: string, name: string, external: string) =>
    (await db.insertInto('locations').values({ organization_id: org.id, key, name, external_key: external }).returning('id').executeTakeFirstOrThrow()).id;
  const locations = { north: await loc('north', 'Acme North', 'S-1'), south: await loc('south', 'Acme South', 'S-2'), east: await loc('east', 'Acme East', 'S-3') };
  const person = async (key: string, name: string, locationId: number, team: string, external: string, aliases: string[] = [], activeTo: string | null = null) => {
    const [first, ...rest] = name.split(' ');
    return (
      await db
        .insertInto('people')
        .values({ organization_id: org.id, location_id: locationId, key, display_name: name, first_name: first ?? null, last_name: rest.join(' ') || null, aliases: JSON.stringify(aliases), team, external_key: external, active_to: activeTo })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const people = {
    mike: await person('mike', 'Mike Lambert', locations.north, 'north-sales', 'E-1', ['Mikey']),
    sarah: await person('sarah', 'Sarah Connor', locations.north, 'north-sales', 'E-2'),
    dave: await person('dave', 'Dave Okafor', locations.south, 'south-sales', 'E-3'),
    ann: await person('ann', 'Ann Whitfield', locations.south, 'south-sales', 'E-4', [], '2026-07-31'),
  };
  const source = async (key: string, label: string) => (await db.insertInto('sources').values({ key, label }).returning('id').executeTakeFirstOrThrow()).id;
  const sources = { google: await source('google', 'Google'), dealerrater: await source('dealerrater', 'DealerRater') };
  const target = async (key: string, sourceId: number, kind: 'company' | 'location' | 'person', locationId: number | null, personId: number | null) =>
    (
      await db
        .insertInto('targets')
        .values({ key, source_id: sourceId, url: `https://reviews.example/${key}`, entity_kind: kind, organization_id: org.id, location_id: locationId, person_id: personId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const targets = {
    company: await target('acme:google', sources.google, 'company', null, null),
    north: await target('north:google', sources.google, 'location', locations.north, null),
    south: await target('south:dealerrater', sources.dealerrater, 'location', locations.south, null),
    east: await target('east:google', sources.google, 'location', locations.east, null),
    mike: await target('mike:dealerrater', sources.dealerrater, 'person', locations.north, people.mike),
  };
  const targetInfo = {
    company: { id: targets.company, sourceId: sources.google, kind: 'company' as const, locationId: null, personId: null },
    north: { id: targets.north, sourceId: sources.google, kind: 'location' as const, locationId: locations.north, personId: null },
    south: { id: targets.south, sourceId: sources.dealerrater, kind: 'location' as const, locationId: locations.south, personId: null },
    east: { id: targets.east, sourceId: sources.google, kind: 'location' as const, locationId: locations.east, personId: null },
    mike: { id: targets.mike, sourceId: sources.dealerrater, kind: 'person' as const, locationId: locations.north, personId: people.mike },
  };

  const rows: ReviewRow[] = [];
  SEED_MONTHS.forEach((month, m) => {
    for (const [name, perMonth] of [['north', 8], ['south', 8], ['east', 3]] as const) {
      for (let i = 0; i < perMonth; i++) {
        const rating = Math.max(1, Math.min(5, Math.round(QUALITY[name][m]! + SCATTER[i % SCATTER.length]!)));
        let text = textFor(rating, i + m);
        const tags: EmployeeTagJson[] = [];
        if (name === 'north' && i === 1) text += ' Ask for Mike!';
        if (name === 'north' && i === 2) text += ' Sarah Connor was great.';
        if (name === 'south' && i % 2 === 0) tags.push({ name: 'Dave Okafor', rating: null, ratingScale: 5, profileUrl: null, externalId: null });
        if (name === 'south' && i === 3 && m < 7) text += ' Ann Whitfield handled our paperwork.';
        if (name === 'south' && i === 5) text += ' Ask for Dave!';
        // October's collapse at north goes unanswered; elsewhere every other review gets a reply.
        const response = !(name === 'north' && m === 9) && i % 2 === 0;
        rows.push({ target: name, rating, text, publishedAt: `${month}-${String(3 + i * 3).padStart(2, '0')}T10:00:00Z`, response, tags });
      }
    }
    for (let i = 0; i < 3; i++) rows.push({ target: 'mike', rating: m === 9 ? 3 : 5, text: `${textFor(5, i)} Mike Lambert is the best.`, publishedAt: `${month}-${String(8 + i * 7).padStart(2, '0')}T15:30:00Z`, response: i === 0 });
    rows.push({ target: 'company', rating: 4, text: textFor(4, m), publishedAt: `${month}-20T09:00:00Z`, response: true });
  });
  const hostileStart = rows.length;
  for (const text of Object.values(HOSTILE_TEXTS)) rows.push({ target: 'east', rating: 3, text, publishedAt: '2026-10-25T12:00:00Z' });
  rows.push({ target: 'east', rating: 1, text: 'Gone now: rude staff, waited forever.', publishedAt: '2026-09-28T12:00:00Z', removedAt: '2026-10-15T00:00:00Z' });

  const ids: number[] = [];
  for (const [n, r] of rows.entries()) {
    const t = targetInfo[r.target];
    const hash = sha([r.rating, r.text, r.response, r.tags]);
    const row = await db
      .insertInto('reviews')
      .values({
        source_id: t.sourceId, target_id: t.id, external_id: `seed-${n}`, entity_kind: t.kind, organization_id: org.id, location_id: t.locationId, person_id: t.personId,
        rating_raw: r.rating, rating_scale: 5, rating: r.rating, text: r.text, author_name: `Customer ${n}`, language: 'en',
        published_at: r.publishedAt, published_precision: 'day', first_seen_at: r.publishedAt, last_seen_at: '2026-11-01T00:00:00Z',
        owner_response_text: r.response ? 'Thank you for your review!' : null, owner_response_at: r.response ? r.publishedAt.replace('T10', 'T18').replace('T15', 'T20').replace('T09', 'T19').replace('T12', 'T20') : null,
        removed_at: r.removedAt ?? null, content_hash: hash, url: `https://reviews.example/r/${n}`, employee_tags: JSON.stringify(r.tags ?? []),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const hostileIds = ids.slice(hostileStart, hostileStart + 4);
  const removed = ids[hostileStart + 4]!;

  // A review edited by its author: the crawler keeps both versions.
  const versioned = ids[0]!;
  await db.updateTable('reviews').set({ version: 2, text: `${rows[0]!.text} Update: they fixed everything.` }).where('id', '=', versioned).execute();
  await db
    .insertInto('review_versions')
    .values([
      { review_id: versioned, version: 1, seen_at: '2026-01-04T00:00:00Z', content_hash: 'v1', rating: rows[0]!.rating, text: rows[0]!.text, changed_fields: JSON.stringify([]) },
      { review_id: versioned, version: 2, seen_at: '2026-02-01T00:00:00Z', content_hash: 'v2', rating: rows[0]!.rating, text: `${rows[0]!.text} Update: they fixed everything.`, changed_fields: JSON.stringify(['text']) },
    ])
    .execute();

  await processPendingReviews(db, { settings });
  await refreshRollups(db, { settings, now: new Date('2026-11-01T00:00:00Z') });

  // Crawl history: north under-covered, south failing now, east blocked three times, mike fine, company never crawled.
  const run = (targetId: number, status: 'ok' | 'failed' | 'blocked', at: string, extra: Record<string, unknown> = {}) =>
    db.insertInto('crawl_runs').values({ target_id: targetId, mode: 'incremental', status, started_at: at, finished_at: at, ...extra }).execute();
  await run(targets.north, 'ok', '2026-10-30T06:00:00Z', { site_review_count: 120, site_rating: 4.1, pages: 5, reviews_seen: 80 });
  await run(targets.south, 'ok', '2026-10-29T06:00:00Z', { site_review_count: 80, pages: 4 });
  await run(targets.south, 'failed', '2026-10-30T06:00:00Z', { error_message: 'HTTP 500 from the site', errors: 1 });
  for (const day of ['28', '29', '30']) await run(targets.east, 'blocked', `2026-10-${day}T06:00:00Z`, { blocked_reason: 'captcha' });
  await run(targets.mike, 'ok', '2026-10-30T07:00:00Z', { site_review_count: 20 });

  const alert = async (rule: string, kind: 'location' | 'person' | 'target', entityId: number, severity: 'info' | 'warning' | 'critical', extra: Record<string, unknown> = {}) =>
    (
      await db
        .insertInto('alerts')
        .values({ rule, entity_kind: kind, entity_id: entityId, severity, title: `${rule} on ${kind} ${entityId}`, detail: JSON.stringify({ rule }), dedupe_key: `${rule}:${kind}:${entityId}`, created_at: new Date('2026-10-31T00:00:00Z'), ...extra })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const alerts = {
    northLowStar: await alert('low_star', 'location', locations.north, 'warning'),
    eastBlocked: await alert('blocked', 'target', targets.east, 'critical'),
    daveDrop: await alert('rating_drop', 'person', people.dave, 'info'),
    acknowledged: await alert('coverage_drop', 'target', targets.north, 'info', { acknowledged_at: new Date('2026-10-31T12:00:00Z'), acknowledged_by: 'seed' }),
  };

  // Internal NPS that mostly follows the public rating, except east (customers happier than reviews say).
  const cx: Record<string, unknown>[] = [];
  SEED_MONTHS.forEach((month, m) => {
    for (const [name, key] of [['north', 'S-1'], ['south', 'S-2'], ['east', 'S-3']] as const) {
      const nps = name === 'east' ? 70 - (m % 3) * 4 : Math.round((QUALITY[name][m]! - 3) * 40 + ((m * 7) % 5) - 2);
      cx.push({ entity_type: 'location', external_key: key, period: month, metric: 'NPS', value: nps, responses: 40 + m, transactions: 400 + m * 10 });
    }
    cx.push({ entity_type: 'company', external_key: 'ACME', period: month, metric: 'NPS', value: 35 + m, responses: 150, transactions: 1300 });
    for (const [i, key] of ['E-1', 'E-2', 'E-3', 'E-4'].entries()) cx.push({ entity_type: 'person', external_key: key, period: month, metric: 'NPS', value: 20 + i * 10 + m, responses: 10, transactions: 90 });
  });
  await importCxRows(db, cx as never, { batch: 'seed' });

  const key = async (name: string, role: 'admin' | 'leadership' | 'marketing' | 'manager', scope = {}) => (await createApiKey(db, { name, role, scope })).key;
  const keys = {
    admin: await key('admin', 'admin'),
    leadership: await key('leadership', 'leadership'),
    marketing: await key('marketing', 'marketing'),
    manager: await key('north manager', 'manager', { locationIds: [locations.north] }),
    teamManager: await key('south-sales lead', 'manager', { teams: ['south-sales'] }),
  };

  return {
    orgId: org.id,
    locations,
    people,
    targets,
    keys,
    reviews: { versioned, removed, hostile: { script: hostileIds[0]!, sql: hostileIds[1]!, unicode: hostileIds[2]!, formula: hostileIds[3]! } },
    alerts,
    settings,
  };
}


/**
 * One seeded database and app per test file: `const w = useApiWorld(import.meta.url)`,
 * then `w().app.request(...)`. Rate limiting is off unless a test builds its own app.
 */
export function useApiWorld(fileUrl: string, appOptions: CreateAppOptions = {}) {
  // Seeding runs the real processing and rollup jobs; with several files in parallel that can outlast a 10 s hook default.
  vi.setConfig({ hookTimeout: 180_000 });
  const t = useTestDatabase(fileUrl);
  let world: { app: ReturnType<typeof createApp>; seed: ApiSeed; db: Kysely<Database>; ctx: AppContext } | undefined;
  beforeAll(async () => {
    const handle = t();
    const seed = await seedApi(handle.db);
    const ctx = apiContext(handle);
    world = { app: createApp(ctx, { rateLimit: false, schema: handle.schema, ...appOptions }), seed, db: handle.db, ctx };
  }, 180_000);
  return () => {
    if (!world) throw new Error('API world not ready');
    return world;
  };
}

/** GET (or another method) as a role of the seed; returns status and parsed body. */
export async function call(
  app: ReturnType<typeof createApp>,
  key: string | null,
  path: string,
  init: { method?: string; json?: unknown; body?: string; contentType?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (key) headers.Authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['Content-Type'] = 'application/json';
  } else if (init.body !== undefined) {
    body = init.body;
    if (init.contentType) headers['Content-Type'] = init.contentType;
  }
  const res = await app.request(path, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV, HTML: the text is what the test wants.
  }
  return { status: res.status, json, text, headers: res.headers };
}
