/**
 * A small Google Business Profile API client: refresh-token → access-token
 * exchange, `reviews.list` paging, and polite retries.
 *
 * Retries: 429 and 5xx (and network failures) are retried with exponential
 * backoff, honouring Retry-After when Google sends it. 401 gets one token
 * refresh (the access token may have expired mid-run); a second 401, or any
 * 403, is a configuration problem that retrying cannot fix, so it throws a
 * GbpApiError saying what to check.
 */
import type { ExtractedBusiness, ExtractedReview, PageExtraction } from '../../types';
import { mapGbpReviewsPage } from './map';

export interface GbpClientOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** OAuth token endpoint; default https://oauth2.googleapis.com/token. */
  tokenUrl?: string;
  /** API root; default https://mybusiness.googleapis.com/v4. */
  apiBaseUrl?: string;
  fetch?: typeof fetch;
  /** Retries per request for 429/5xx/network errors (default 5). */
  maxRetries?: number;
  /** First backoff step when no Retry-After is given (default 1000 ms), doubled each retry. */
  baseDelayMs?: number;
  /** Upper bound for any wait, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GbpListOptions {
  /** Reviews per page; the API allows at most 50. */
  pageSize?: number;
  /** Called after each page; return true to stop (e.g. the page reached reviews already stored). */
  stopWhen?: (page: PageExtraction, pageIndex: number) => boolean;
  /** Safety bound on pages fetched (default 1000). */
  maxPages?: number;
}

export interface GbpPage {
  url: string;
  /** The raw response body, kept so it can be stored and re-mapped later. */
  body: string;
  extraction: PageExtraction;
}

export interface GbpListResult {
  business: ExtractedBusiness | null;
  reviews: ExtractedReview[];
  pages: GbpPage[];
  /** True when stopWhen ended the listing before the last page. */
  stoppedEarly: boolean;
}

export interface GbpClient {
  getAccessToken(): Promise<string>;
  listReviewsPage(accountId: string, locationId: string, opts?: { pageSize?: number; pageToken?: string }): Promise<GbpPage>;
  listAllReviews(accountId: string, locationId: string, opts?: GbpListOptions): Promise<GbpListResult>;
}

export class GbpApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly kind: 'auth' | 'http' | 'network',
  ) {
    super(message);
    this.name = 'GbpApiError';
  }
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const json = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof json.error === 'string') return `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}`;
    const message = (json.error as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string') return message;
  } catch {}
  return text.slice(0, 200) || res.statusText;
}

/** "accounts/123" and "123" both name account 123. */
function bareId(id: string, prefix: 'accounts' | 'locations'): string {
  return id.replace(new RegExp(`^.*${prefix}/`), '').replace(/\/.*$/, '');
}

export function createGbpClient(options: GbpClientOptions): GbpClient {
  const tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
  const apiBaseUrl = (options.apiBaseUrl ?? 'https://mybusiness.googleapis.com/v4').replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let token: { value: string; expiresAt: number } | null = null;

  /** fetch with retries on 429/5xx/network errors; other statuses are returned to the caller. */
  async function fetchWithRetry(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, init);
      } catch (err) {
        if (attempt >= maxRetries) throw new GbpApiError(`network error calling ${url}: ${(err as Error).message}`, null, 'network');
        await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
        continue;
      }
      if (!RETRYABLE.has(res.status) || attempt >= maxRetries) return res;
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? baseDelayMs * 2 ** attempt;
      await res.body?.cancel().catch(() => undefined);
      await sleep(Math.min(maxDelayMs, wait));
    }
  }

  async function getAccessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now()) return token.value;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      refresh_token: options.refreshToken,
    });
    const res = await fetchWithRetry(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    if (!res.ok) {
      throw new GbpApiError(
        `Google refused the refresh token (HTTP ${res.status}, ${await errorDetail(res)}); re-authorise the Google Business Profile connection`,
        res.status,
        'auth',
      );
    }
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string') throw new GbpApiError('token response has no access_token', res.status, 'auth');
    const lifetime = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    // Refresh a minute early so a token never expires between check and use.
    token = { value: json.access_token, expiresAt: Date.now() + Math.max(0, lifetime - 60) * 1000 };
    return token.value;
  }

  async function listReviewsPage(accountId: string, locationId: string, opts: { pageSize?: number; pageToken?: string } = {}): Promise<GbpPage> {
    const locationName = `accounts/${bareId(accountId, 'accounts')}/locations/${bareId(locationId, 'locations')}`;
    const url = new URL(`${apiBaseUrl}/${locationName}/reviews`);
    url.searchParams.set('pageSize', String(Math.min(50, Math.max(1, opts.pageSize ?? 50))));
    url.searchParams.set('orderBy', 'updateTime desc');
    if (opts.pageToken) url.searchParams.set('pageToken', opts.pageToken);

    for (let authAttempt = 0; ; authAttempt++) {
      const access = await getAccessToken();
      const res = await fetchWithRetry(url.toString(), { headers: { authorization: `Bearer ${access}`, accept: 'application/json' } });
      if (res.status === 401 && authAttempt === 0) {
        token = null;
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new GbpApiError(
          `Google Business Profile API denied access to ${locationName} (HTTP ${res.status}, ${await errorDetail(res)}); ` +
            'check that the account manages this location, the API is enabled for the OAuth client, and the token has the business.manage scope',
          res.status,
          'auth',
        );
      }
      if (!res.ok) {
        throw new GbpApiError(`Google Business Profile API error for ${locationName}: HTTP ${res.status}, ${await errorDetail(res)}`, res.status, 'http');
      }
      const body = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new GbpApiError(`Google Business Profile API returned non-JSON for ${locationName}`, res.status, 'http');
      }
      return { url: url.toString(), body, extraction: mapGbpReviewsPage(json, { url: url.toString(), locationName }) };
    }
  }

  async function listAllReviews(accountId: string, locationId: string, opts: GbpListOptions = {}): Promise<GbpListResult> {
    const pages: GbpPage[] = [];
    const maxPages = opts.maxPages ?? 1000;
    let pageToken: string | undefined;
    let stoppedEarly = false;
    while (pages.length < maxPages) {
      const page = await listReviewsPage(accountId, locationId, { pageSize: opts.pageSize, pageToken });
      pages.push(page);
      pageToken = page.extraction.nextPageUrl ? (new URL(page.extraction.nextPageUrl).searchParams.get('pageToken') ?? undefined) : undefined;
      if (opts.stopWhen?.(page.extraction, pages.length - 1)) {
        stoppedEarly = pageToken !== undefined;
        break;
      }
      if (!pageToken) break;
    }
    return {
      business: pages[0]?.extraction.business ?? null,
      reviews: pages.flatMap((p) => p.extraction.reviews),
      pages,
      stoppedEarly,
    };
  }

  return { getAccessToken, listReviewsPage, listAllReviews };
}
