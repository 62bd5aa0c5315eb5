import { createGbpClient, GbpApiError } from '../adapters/google-business';
import type { CrawlTargetRow } from '../../db/queries/crawl-runs';
import type { CrawlMode } from '../../db/types';
import type { RunRecorder } from '../store/run-recorder';
import type { CrawlContext, TargetOutcome } from './types';

/**
 * Google Business Profile targets read the owner's own API instead of pages:
 * no crawlee, but the same storage path (raw JSON kept for reparse, reviews
 * upserted, incremental stop, complete-sweep removals).
 *
 * Credentials come from the environment (GBP_CLIENT_ID, GBP_CLIENT_SECRET,
 * GBP_REFRESH_TOKEN) or the target's options (clientId, clientSecret,
 * refreshToken); the location from options (accountId, locationId) or the
 * target URL (.../accounts/<a>/locations/<l>/...).
 */
export const GBP_SOURCE = 'google-business';

type Outcome = TargetOutcome;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function crawlGbpTarget(ctx: CrawlContext, row: CrawlTargetRow, mode: CrawlMode, recorder: RunRecorder, signal?: AbortSignal): Promise<Outcome> {
  const o = row.options;
  const clientId = str(o.clientId) ?? ctx.env.GBP_CLIENT_ID;
  const clientSecret = str(o.clientSecret) ?? ctx.env.GBP_CLIENT_SECRET;
  const refreshToken = str(o.refreshToken) ?? ctx.env.GBP_REFRESH_TOKEN;
  const ids = row.url.match(/accounts\/([^/?#]+)\/locations\/([^/?#]+)/);
  const accountId = str(o.accountId) ?? ids?.[1];
  const locationId = str(o.locationId) ?? ids?.[2];
  const outcome = (status: Outcome['status'], stop: Outcome['stop'], pages: number, errors: number, message: string | null, business: Outcome['business']): Outcome => ({
    status,
    stop,
    pages,
    errors,
    errorMessage: message,
    blockedReason: null,
    business,
  });
  if (!clientId || !clientSecret || !refreshToken)
    return outcome('failed', 'failed', 0, 1, 'Google Business Profile targets need GBP_CLIENT_ID, GBP_CLIENT_SECRET and GBP_REFRESH_TOKEN in the environment (or clientId/clientSecret/refreshToken in the target options).', null);
  if (!accountId || !locationId)
    return outcome('failed', 'failed', 0, 1, `Target ${row.key} names no Google Business Profile location: give options accountId and locationId, or a URL containing accounts/<id>/locations/<id>.`, null);

  const client = createGbpClient({
    clientId,
    clientSecret,
    refreshToken,
    tokenUrl: str(o.tokenUrl),
    apiBaseUrl: str(o.apiBaseUrl),
    maxRetries: ctx.settings.crawl.maxRetries,
  });
  const maxPages = typeof o.maxPages === 'number' ? o.maxPages : ctx.settings.crawl.maxPagesPerRun;
  let pages = 0;
  let business: Outcome['business'] = null;
  const tokens = new Set<string>();
  let pageToken: string | undefined;
  try {
    for (;;) {
      if (signal?.aborted) return outcome(pages ? 'partial' : 'failed', 'aborted', pages, 0, 'The crawl was cancelled.', business);
      const page = await client.listReviewsPage(accountId, locationId, { pageSize: 50, pageToken });
      pages++;
      business ??= page.extraction.business;
      const { caughtUp } = await recorder.record(row.id, { url: page.url, body: page.body, status: 200, contentType: 'application/json' }, page.extraction, new Date());
      if (mode === 'incremental' && caughtUp) return outcome('ok', 'caught-up', pages, 0, null, business);
      const next = page.extraction.nextPageUrl ? new URL(page.extraction.nextPageUrl).searchParams.get('pageToken') : null;
      if (!next) return outcome('ok', 'last-page', pages, 0, null, business);
      if (tokens.has(next)) return outcome('partial', 'loop', pages, 0, 'The API returned a page token it had already given: stopped.', business);
      if (pages >= maxPages) return outcome('partial', 'page-cap', pages, 0, `Stopped after ${pages} pages (maxPagesPerRun).`, business);
      tokens.add(next);
      pageToken = next;
    }
  } catch (error) {
    const message = error instanceof GbpApiError ? error.message : `Google Business Profile API call failed: ${(error as Error).message}`;
    return outcome(pages ? 'partial' : 'failed', 'failed', pages, 1, message, business);
  }
}
