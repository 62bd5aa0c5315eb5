import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { googleBusinessAdapter } from '../adapters/google-business';
import { runCrawl } from './run-crawl';
import { fastTuning, seedTarget, testContext } from './testing/seed';

/**
 * A Google Business Profile target crawled end to end: OAuth refresh, paging
 * through accounts.locations.reviews.list on a local server that answers in
 * the documented shape, storage through the same path as page crawls
 * (raw JSON kept, reviews upserted, incremental stop), and a clear failure
 * when credentials are missing or refused. The reviews are fictional.
 */
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);

const review = (id: string, stars: string, minutesAgo: number, extra: Record<string, unknown> = {}) => ({
  name: `accounts/acct1/locations/loc1/reviews/${id}`,
  reviewId: id,
  reviewer: { displayName: `Reviewer ${id}`, isAnonymous: false },
  starRating: stars,
  comment: `Visit ${id}: the team explained everything clearly.`,
  createTime: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  updateTime: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  ...extra,
});

let server: Server;
let base = '';
let reviews: ReturnType<typeof review>[] = [];
const requests: string[] = [];

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/token') {
      const f = await form(req);
      if (f.get('refresh_token') !== 'good-refresh') return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      return send(res, 200, { access_token: 'access-1', expires_in: 3599, token_type: 'Bearer' });
    }
    if (url.pathname !== '/v4/accounts/acct1/locations/loc1/reviews') return send(res, 404, { error: { code: 404, message: 'Not found' } });
    if (req.headers.authorization !== 'Bearer access-1') return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    requests.push(url.searchParams.get('pageToken') ?? '');
    const size = 3;
    const start = Number(url.searchParams.get('pageToken') ?? 0);
    const page = reviews.slice(start, start + size);
    const next = start + size < reviews.length ? String(start + size) : undefined;
    return send(res, 200, { reviews: page, averageRating: 4.2, totalReviewCount: reviews.length, ...(next ? { nextPageToken: next } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
});

const options = (refreshToken = 'good-refresh') => ({
  clientId: 'client',
  clientSecret: 'secret',
  refreshToken,
  tokenUrl: `${base}/token`,
  apiBaseUrl: `${base}/v4`,
});

describe('Google Business Profile targets through runCrawl', () => {
  it('pages through every review, stores them with their raw JSON, and stops early on an incremental re-crawl', async () => {
    const { db } = t();
    reviews = Array.from({ length: 8 }, (_, i) =>
      review(`r${i + 1}`, ['FIVE', 'FOUR', 'TWO'][i % 3]!, (i + 1) * 60, i === 0 ? { reviewReply: { comment: 'Thank you!', updateTime: new Date().toISOString() } } : {}),
    );
    const targetId = await seedTarget(db, { url: 'https://business.google.com/accounts/acct1/locations/loc1/reviews', source: 'google-business', options: options() });
    const ctx = testContext(db, googleBusinessAdapter);
    const [full] = await runCrawl(ctx, { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(full).toMatchObject({ status: 'ok', pages: 3, reviewsNew: 8, siteReviewCount: 8, storedReviewCount: 8 });
    expect(requests).toEqual(['', '3', '6']);
    const stored = await db.selectFrom('reviews').selectAll().where('target_id', '=', targetId).orderBy('published_at', 'desc').execute();
    expect(stored.map((r) => r.external_id)).toEqual(reviews.map((r) => r.reviewId));
    expect(stored[0]).toMatchObject({ rating_raw: 5, rating_scale: 5, owner_response_text: 'Thank you!' });
    expect(await db.selectFrom('raw_pages').select('id').where('crawl_run_id', '=', full!.runId).execute()).toHaveLength(3);

    // One new review on top: page 1 still brings something new, page 2 holds only known reviews: stop there.
    reviews = [review('r0', 'ONE', 1), ...reviews];
    requests.length = 0;
    const [incremental] = await runCrawl(ctx, { targetIds: [targetId], mode: 'incremental', tuning: fastTuning });
    expect(incremental).toMatchObject({ status: 'ok', reviewsNew: 1, reviewsRemoved: 0 });
    expect(requests).toEqual(['', '3']);
    expect(await db.selectFrom('reviews').select('id').where('target_id', '=', targetId).execute()).toHaveLength(9);
  });

  it('a refused refresh token fails the run with a clear message and removes nothing', async () => {
    const { db } = t();
    const targetId = await seedTarget(db, { url: 'https://business.google.com/accounts/acct1/locations/loc1/reviews#revoked', source: 'google-business', options: options('revoked') });
    const [run] = await runCrawl(testContext(db, googleBusinessAdapter), { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(run!.status).toBe('failed');
    expect(run!.errorMessage).toMatch(/refresh token/i);
    expect(run!.reviewsRemoved).toBe(0);
  });

  it('without credentials the run fails and names the settings to give', async () => {
    const { db } = t();
    const targetId = await seedTarget(db, { url: 'https://business.google.com/accounts/acct1/locations/loc1/reviews#no-credentials', source: 'google-business' });
    const [run] = await runCrawl(testContext(db, googleBusinessAdapter), { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(run).toMatchObject({ status: 'failed', pages: 0 });
    expect(run!.errorMessage).toContain('GBP_CLIENT_ID, GBP_CLIENT_SECRET and GBP_REFRESH_TOKEN');
  });
});
