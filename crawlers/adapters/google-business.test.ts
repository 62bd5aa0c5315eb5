import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGbpClient,
  GbpApiError,
  googleBusinessAdapter,
  mapGbpReview,
  mapGbpReviewsPage,
  splitGoogleTranslation,
  type GbpClientOptions,
} from './google-business';
import { retryAfterMs } from './google-business/client';

// All reviews below are fictional, written for these tests in the documented reviews.list shape.
const review = (id: string, stars: string, extra: Record<string, unknown> = {}) => ({
  name: `accounts/111/locations/222/reviews/${id}`,
  reviewId: id,
  reviewer: { displayName: `Reviewer ${id}`, profilePhotoUrl: 'https://example.invalid/p.png', isAnonymous: false },
  starRating: stars,
  comment: `Comment ${id}`,
  createTime: '2024-03-01T10:00:00.123456Z',
  updateTime: '2024-03-01T10:00:00.123456Z',
  ...extra,
});

describe('splitGoogleTranslation', () => {
  it('splits "(Translated by Google) … (Original) …"', () => {
    expect(splitGoogleTranslation('(Translated by Google) Very friendly staff\n\n(Original)\nPersonal muy amable')).toEqual({
      text: 'Personal muy amable',
      translatedText: 'Very friendly staff',
    });
  });

  it('splits "original … (Translated by Google) …"', () => {
    expect(splitGoogleTranslation('Sehr gute Beratung\n\n(Translated by Google)\nVery good advice')).toEqual({
      text: 'Sehr gute Beratung',
      translatedText: 'Very good advice',
    });
  });

  it('leaves untranslated comments alone', () => {
    expect(splitGoogleTranslation('  Quick oil change.  ')).toEqual({ text: 'Quick oil change.', translatedText: null });
  });
});

describe('mapGbpReview / mapGbpReviewsPage', () => {
  it('maps a review with translation and owner reply', () => {
    const r = mapGbpReview(
      review('r1', 'FOUR', {
        comment: '(Translated by Google) Fast service\n\n(Original)\nServicio rápido',
        updateTime: '2024-03-02T08:00:00Z',
        reviewReply: { comment: 'Thanks for visiting!', updateTime: '2024-03-03T09:30:00Z' },
      }),
    );
    expect(r).toMatchObject({
      externalId: 'r1',
      rating: 4,
      ratingScale: 5,
      text: 'Servicio rápido',
      translatedText: 'Fast service',
      authorName: 'Reviewer r1',
      publishedAt: { iso: '2024-03-01T10:00:00.123Z', precision: 'exact' },
      ownerResponse: { text: 'Thanks for visiting!', respondedAt: { iso: '2024-03-03T09:30:00.000Z', precision: 'exact' } },
    });
    expect(r.extra).toMatchObject({ resourceName: 'accounts/111/locations/222/reviews/r1', updatedAt: '2024-03-02T08:00:00.000Z' });
  });

  it('keeps rating-only and unrated reviews, hiding anonymous names', () => {
    const page = mapGbpReviewsPage(
      {
        reviews: [
          review('r2', 'FIVE', { comment: undefined }),
          review('r3', 'STAR_RATING_UNSPECIFIED', { reviewer: { displayName: 'A Google user', isAnonymous: true } }),
        ],
        averageRating: 4.6,
        totalReviewCount: 87,
        nextPageToken: 'tok-2',
      },
      { url: 'https://mybusiness.googleapis.com/v4/accounts/111/locations/222/reviews?pageSize=50' },
    );
    expect(page.source).toBe('google-business');
    expect(page.reviews[0]).toMatchObject({ rating: 5, text: null });
    expect(page.reviews[1]).toMatchObject({ rating: null, authorName: null, extra: { anonymous: true } });
    expect(page.warnings.join(' ')).toMatch(/STAR_RATING_UNSPECIFIED/);
    expect(page.business).toMatchObject({ aggregateRating: 4.6, reviewCount: 87, externalId: 'accounts/111/locations/222' });
    expect(new URL(page.nextPageUrl!).searchParams.get('pageToken')).toBe('tok-2');
  });

  it('has no next page without nextPageToken; the adapter re-maps a stored body', () => {
    const body = JSON.stringify({ reviews: [review('r4', 'ONE')], averageRating: 1, totalReviewCount: 1 });
    const url = 'https://mybusiness.googleapis.com/v4/accounts/111/locations/222/reviews';
    const out = googleBusinessAdapter.extract({ url, body, status: 200, contentType: 'application/json' }, { crawledAt: new Date() });
    expect(out.reviews).toHaveLength(1);
    expect(out.nextPageUrl).toBeNull();
    expect(googleBusinessAdapter.matches(new URL(url))).toBe(true);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 01 May 2024 12:00:10 GMT', Date.parse('2024-05-01T12:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('createGbpClient against a local API server', () => {
  let server: Server;
  let base = '';
  const log: string[] = [];
  let tokenCalls = 0;
  let failedOnce = false;
  let sleeps: number[] = [];

  const pages: Record<string, unknown> = {
    '': { reviews: [review('a1', 'FIVE'), review('a2', 'FOUR')], averageRating: 4.4, totalReviewCount: 5, nextPageToken: 'p2' },
    p2: { reviews: [review('a3', 'THREE'), review('a4', 'FIVE')], averageRating: 4.4, totalReviewCount: 5, nextPageToken: 'p3' },
    p3: { reviews: [review('a5', 'TWO')], averageRating: 4.4, totalReviewCount: 5 },
  };

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    let data = '';
    for await (const chunk of req) data += chunk;
    return data;
  }

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/token') {
        tokenCalls++;
        const form = new URLSearchParams(await readBody(req));
        if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || form.get('grant_type') !== 'refresh_token') return send(res, 400, { error: 'invalid_request' });
        if (form.get('refresh_token') !== 'refresh-ok') return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return send(res, 200, { access_token: `access-${tokenCalls}`, expires_in: 3599, token_type: 'Bearer' });
      }
      const m = /^\/v4\/accounts\/(\w+)\/locations\/(\w+)\/reviews$/.exec(url.pathname);
      if (!m) return send(res, 404, { error: { code: 404, message: 'Not found' } });
      if (!req.headers.authorization?.startsWith('Bearer access-')) return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
      const pageToken = url.searchParams.get('pageToken') ?? '';
      log.push(`${m[2]}:${pageToken}:${url.searchParams.get('pageSize')}:${url.searchParams.get('orderBy')}`);
      if (m[2] === 'expired') return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
      if (m[2] === 'forbidden') return send(res, 403, { error: { code: 403, message: 'The caller does not have permission' } });
      if (m[2] === 'down') return send(res, 503, { error: { code: 503, message: 'The service is currently unavailable.' } });
      if (pageToken === 'p2' && !failedOnce) {
        failedOnce = true;
        return send(res, 503, { error: { code: 503, message: 'The service is currently unavailable.' } }, { 'retry-after': '1' });
      }
      const body = pages[pageToken];
      return body ? send(res, 200, body) : send(res, 400, { error: { code: 400, message: 'bad page token' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    log.length = 0;
    tokenCalls = 0;
    failedOnce = false;
    sleeps = [];
  });

  const client = (over: Partial<GbpClientOptions> = {}) =>
    createGbpClient({
      tokenUrl: `${base}/token`,
      apiBaseUrl: `${base}/v4`,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      refreshToken: 'refresh-ok',
      sleep: async (ms) => void sleeps.push(ms),
      ...over,
    });

  it('pages through all reviews, retrying a 503 after its Retry-After', async () => {
    const result = await client().listAllReviews('accounts/111', '222', { pageSize: 2 });
    expect(result.reviews.map((r) => r.externalId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(result.pages).toHaveLength(3);
    expect(result.stoppedEarly).toBe(false);
    expect(result.business).toMatchObject({ aggregateRating: 4.4, reviewCount: 5, externalId: 'accounts/111/locations/222' });
    expect(log).toEqual(['222::2:updateTime desc', '222:p2:2:updateTime desc', '222:p2:2:updateTime desc', '222:p3:2:updateTime desc']);
    expect(sleeps).toEqual([1000]);
    expect(tokenCalls).toBe(1);
    expect(JSON.parse(result.pages[2]!.body)).toEqual(pages.p3);
  });

  it('stops early when stopWhen says so', async () => {
    const result = await client().listAllReviews('111', '222', { pageSize: 2, stopWhen: (page) => page.reviews.some((r) => r.externalId === 'a2') });
    expect(result.pages).toHaveLength(1);
    expect(result.stoppedEarly).toBe(true);
  });

  it('refreshes the token once on 401, then throws a clear auth error', async () => {
    const err = await client().listAllReviews('111', 'expired').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GbpApiError);
    expect((err as GbpApiError).kind).toBe('auth');
    expect((err as GbpApiError).status).toBe(401);
    expect(tokenCalls).toBe(2);
  });

  it('throws a clear error on 403 without retrying', async () => {
    const err = (await client().listAllReviews('111', 'forbidden').catch((e: unknown) => e)) as GbpApiError;
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/denied access to accounts\/111\/locations\/forbidden.*The caller does not have permission/);
    expect(log).toHaveLength(1);
  });

  it('explains a rejected refresh token', async () => {
    const err = (await client({ refreshToken: 'revoked' }).listAllReviews('111', '222').catch((e: unknown) => e)) as GbpApiError;
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/invalid_grant: Token has been expired or revoked.*re-authorise/);
  });

  it('gives up after maxRetries with exponential backoff', async () => {
    const err = (await client({ maxRetries: 2, baseDelayMs: 10 }).listAllReviews('111', 'down').catch((e: unknown) => e)) as GbpApiError;
    expect(err.kind).toBe('http');
    expect(err.status).toBe(503);
    expect(sleeps).toEqual([10, 20]);
    expect(log).toHaveLength(3);
  });
});
