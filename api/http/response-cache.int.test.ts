import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChangeFeed, type ChangeFeed } from '../../db/change-feed';
import { testDialect, useTestDatabase } from '../../test/support/db';
import { apiContext, call, seedApi, type ApiSeed } from '../../test/support/seed-api';
import { createInternalApi } from '../../dashboard/internal-api';
import { createApp } from '../app';

/**
 * The analytics answer cache on both dialects: what is reused, for whom, and
 * that a committed change anywhere (not only through this API) ends the reuse.
 */
const t = useTestDatabase(import.meta.url);
let feed: ChangeFeed;
let app: ReturnType<typeof createApp>;
let seed: ApiSeed;

beforeAll(async () => {
  seed = await seedApi(t().db);
  feed = openChangeFeed(t(), { retryMs: 50 });
  await feed.ready;
  // A low gzip threshold so that the seed's answers are big enough to be sent compressed.
  app = createApp(apiContext(t()), { rateLimit: false, schema: t().schema, changes: feed, compressThresholdBytes: 256 });
}, 180_000);
afterAll(async () => feed?.close());

const trendsOf = (id: number) => `/api/v1/trends?entity=location:${id}&granularity=month&from=2026-01-01&to=2026-10-31`;
const januaryCount = (json: { series: { points: { review_count: number }[] }[] }) => json.series[0]!.points[0]!.review_count;

/** Waits until the feed has seen a notification after `before` (delivery is asynchronous, after commit). */
async function nextVersion(before: number | undefined): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (feed.version === before || feed.version === undefined) {
    if (Date.now() > deadline) throw new Error(`no change notification (version stayed ${String(before)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`response cache (${testDialect()})`, () => {
  it('serves a repeated read from memory, byte for byte, and keeps roles apart', async () => {
    const path = trendsOf(seed.locations.north);
    const first = await call(app, seed.keys.admin, path);
    const second = await call(app, seed.keys.admin, path);
    expect(first.status).toBe(200);
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toMatch(/application\/json/);
    // Another role is another answer (it may see less): computed for itself.
    const marketing = await call(app, seed.keys.marketing, path);
    expect(marketing.headers.get('x-cache')).toBe('miss');
  });

  it('never lets a key outside the scope read what another key had cached', async () => {
    const path = trendsOf(seed.locations.south);
    expect((await call(app, seed.keys.admin, path)).status).toBe(200);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
    // The manager's key covers north only.
    const manager = await call(app, seed.keys.manager, path);
    expect(manager.status).toBe(403);
    expect(manager.headers.get('x-cache')).not.toBe('hit');
  });

  it('drops cached answers when a change commits elsewhere, not before', async () => {
    const path = trendsOf(seed.locations.east);
    const before = await call(app, seed.keys.admin, path);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
    const version = feed.version;
    // A writer that is not this API (a worker refreshing rollups), inside a transaction.
    await t().db.transaction().execute(async (trx) => {
      await sql`update rollups set review_count = review_count + 1000
        where entity_kind = 'location' and entity_id = ${seed.locations.east} and period_kind = 'month' and source_key = '*' and period_start = '2026-01-01'`.execute(trx);
      // Not committed yet: the cached answer is still the database's answer.
      expect(feed.version).toBe(version);
    });
    await nextVersion(version);
    const after = await call(app, seed.keys.admin, path);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(januaryCount(after.json)).toBe(januaryCount(before.json) + 1000);
  });

  it('keeps trends cached through a committed write to reviews, which empties the answers that read reviews', async () => {
    const trends = trendsOf(seed.locations.north);
    const attention = `/api/v1/rankings/attention?level=person&period_start=2026-10-01`;
    for (const path of [trends, attention]) {
      await call(app, seed.keys.admin, path);
      expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
    }
    const version = feed.version;
    // A crawl storing what it saw (not this API): reviews change, the rollups do not (yet).
    await sql`update reviews set last_seen_at = now() where id = ${seed.reviews.versioned}`.execute(t().db);
    await nextVersion(version);
    expect((await call(app, seed.keys.admin, trends)).headers.get('x-cache')).toBe('hit');
    expect((await call(app, seed.keys.admin, attention)).headers.get('x-cache')).toBe('miss');
  });

  it('drops cached answers at once after a write through the API', async () => {
    const path = `/api/v1/reputation-vs-cx?entity=location:${seed.locations.north}&metric=NPS&from=2026-01-01&to=2026-10-31`;
    expect((await call(app, seed.keys.admin, path)).status).toBe(200);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
    const imported = await call(app, seed.keys.admin, '/api/v1/cx/import?batch=cache', {
      json: [{ entity_type: 'location', entity_id: seed.locations.north, period: '2026-10', metric: 'nps', value: -90 }],
    });
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ accepted: 1 });
    // Without waiting for the notification.
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('miss');
  });

  it('computes a cold answer once for identical requests that arrive together', async () => {
    const path = `/api/v1/rankings?level=person&period_start=2026-10-01`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => call(app, seed.keys.leadership, path)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.headers.get('x-cache') === 'miss')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });

  it('sends a big cached answer gzipped with its weak ETag, and 304 to a client that has it', async () => {
    const path = `/api/v1/rankings?level=location&period_start=2026-10-01`;
    const plain = await call(app, seed.keys.admin, path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const auth = { Authorization: `Bearer ${seed.keys.admin}`, 'Accept-Encoding': 'gzip' };
    for (let i = 0; i < 2; i++) {
      const zipped = await app.request(path, { headers: auth });
      expect(zipped.headers.get('x-cache')).toBe('hit');
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(plain.text);
    }
    const revalidated = await app.request(path, { headers: { ...auth, 'If-None-Match': `W/${plain.headers.get('etag')}` } });
    expect(revalidated.status).toBe(304);
  });

  it('sees roster changes made elsewhere once they commit: a renamed person, a new one', async () => {
    const path = (id: number) => `/api/v1/trends?entity=person:${id}&granularity=month&from=2026-01-01&to=2026-03-31`;
    expect((await call(app, seed.keys.admin, path(seed.people.sarah))).json.entity.name).toBe('Sarah Connor');
    let version = feed.version;
    await t().db.updateTable('people').set({ display_name: 'Sarah Connor-Reese' }).where('id', '=', seed.people.sarah).execute();
    await nextVersion(version);
    expect((await call(app, seed.keys.admin, path(seed.people.sarah))).json.entity.name).toBe('Sarah Connor-Reese');
    // The whole roster was read after the change; a person added after that must still be found once their insert commits.
    version = feed.version;
    const { id } = await t().db.insertInto('people')
      .values({ organization_id: seed.orgId, location_id: seed.locations.east, key: 'new-hire', display_name: 'Nora Newhire', aliases: '[]' })
      .returning('id').executeTakeFirstOrThrow();
    await nextVersion(version);
    const fresh = await call(app, seed.keys.admin, path(id));
    expect(fresh.status).toBe(200);
    expect(fresh.json.entity.name).toBe('Nora Newhire');
  });

  it("caches the dashboard pages' in-process reads the same way", async () => {
    const internal = createInternalApi(apiContext(t()), { changes: feed });
    const principal = { keyId: 0, name: 'dashboard session', role: 'admin' as const, scope: {} };
    const path = `/trends?entity=location:${seed.locations.north}&granularity=quarter&from=2026-01-01&to=2026-09-30`;
    const first = await internal.fetch(principal, path);
    const second = await internal.fetch(principal, path);
    expect([first.status, first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual([200, 'miss', 'hit']);
    expect(await second.text()).toBe(await first.text());
    expect((await internal.fetch(principal, `/reviews?entity=location:${seed.locations.north}&limit=2`)).headers.get('x-cache')).toBeNull();
  });

  it('leaves the other endpoints alone', async () => {
    const path = `/api/v1/reviews?entity=location:${seed.locations.north}&limit=5`;
    await call(app, seed.keys.admin, path);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBeNull();
  });

  it.runIf(testDialect() === 'postgres')('stops caching while the listening connection is down, and resumes once it is back', async () => {
    const path = trendsOf(seed.locations.north);
    await call(app, seed.keys.admin, path);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = 'repwatch change feed'`.execute(t().db);
    const deadline = Date.now() + 5_000;
    while (feed.version !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    // Either still down (not cached) or already back with a new version (a fresh miss): never the old entry.
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).not.toBe('hit');
    await nextVersion(undefined);
    await call(app, seed.keys.admin, path);
    expect((await call(app, seed.keys.admin, path)).headers.get('x-cache')).toBe('hit');
  });
});
