import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext } from '../core/context';
import { errorHandler, validationHook } from '../api/errors';
import { crawlRoutes } from '../api/routes/crawl';
import { cxRoutes } from '../api/routes/cx';
import { entitiesRoutes } from '../api/routes/entities';
import { peopleRoutes } from '../api/routes/people';
import { rankingsRoutes } from '../api/routes/rankings';
import { reputationVsCxRoutes } from '../api/routes/reputation-vs-cx';
import { reviewsRoutes } from '../api/routes/reviews';
import { themesRoutes } from '../api/routes/themes';
import { trendsRoutes } from '../api/routes/trends';
import type { ApiVariables, Principal } from '../api/types';
import { trackBodies } from '../api/http/body';
import { analyticsCache } from '../api/http/response-cache';
import type { ChangeFeed } from '../db/change-feed';

/**
 * The dashboard reads through the API's own route handlers, in process: the
 * same queries, the same statistics (attention reasons, theme trends, lag and
 * gap lists) and the same policy checks, so a page can never show what the
 * key could not fetch from /api/v1, and the CSV links serve exactly the
 * numbers on screen. Only the read routes are mounted, and only GET is ever
 * sent: a session cookie must not be able to change anything.
 */
type InternalEnv = { Variables: ApiVariables; Bindings: { principal: Principal } };

/** What the API answered when it was not 200: the page shows the status and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** API reads the dashboard offers as CSV downloads: /export/<path> serves nothing else. */
export const EXPORT_PATHS = [
  'trends', 'themes', 'rankings', 'rankings/improved', 'rankings/attention', 'reviews', 'reputation-vs-cx',
  'source-health', 'crawl-runs', 'cx',
] as const;

export type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface InternalApi {
  /** GET an API path as the principal; parsed JSON, or ApiCallError for any non-200. */
  get<T>(principal: Principal, path: string, query?: Query): Promise<T>;
  /** Like get, but a 403 or 404 gives null (optional panels a role may not see). */
  tryGet<T>(principal: Principal, path: string, query?: Query): Promise<T | null>;
  /** The raw response (CSV downloads). */
  fetch(principal: Principal, pathAndQuery: string): Promise<Response>;
}

export function createInternalApi(ctx: AppContext, opts: { changes?: ChangeFeed; cacheMb?: number } = {}): InternalApi {
  const api = new OpenAPIHono<InternalEnv>({ defaultHook: validationHook as never });
  api.onError(errorHandler(ctx.logger));
  api.use('*', async (c, next) => {
    c.set('principal', c.env.principal);
    await next();
  });
  // Pages read the same analytics answers as API clients: cached alike, until a change commits.
  const cache = analyticsCache(opts.changes, opts.cacheMb ?? ctx.env.REPWATCH_RESPONSE_CACHE_MB, Infinity);
  if (cache) {
    api.use('*', trackBodies());
    api.use('*', cache.middleware as never);
  }
  for (const routes of [entitiesRoutes, peopleRoutes, reviewsRoutes, trendsRoutes, rankingsRoutes, themesRoutes, cxRoutes, reputationVsCxRoutes, crawlRoutes])
    api.route('/', routes(ctx) as never);

  const fetchAs = async (principal: Principal, pathAndQuery: string): Promise<Response> =>
    api.request(pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`, { method: 'GET' }, { principal });

  async function get<T>(principal: Principal, path: string, query: Query = {}): Promise<T> {
    const res = await fetchAs(principal, `${path}${queryString(query)}`);
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status !== 200) throw new ApiCallError(res.status, body?.error?.code ?? 'ERROR', body?.error?.message ?? `HTTP ${res.status}`);
    return body as T;
  }

  return {
    get,
    async tryGet<T>(principal: Principal, path: string, query: Query = {}) {
      try {
        return await get<T>(principal, path, query);
      } catch (e) {
        if (e instanceof ApiCallError && (e.status === 403 || e.status === 404)) return null;
        throw e;
      }
    },
    fetch: fetchAs,
  };
}
