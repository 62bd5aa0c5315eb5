import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from '../core/context';
import { AppError } from '../core/errors';
import { renderDocsPage } from './docs-page';
import type { ChangeFeed } from '../db/change-feed';
import { bodyCompress, bodyEtag } from './http/body';
import { analyticsCache } from './http/response-cache';
import { errorHandler, notFoundHandler, validationHook } from './errors';
import { authenticate } from './middleware/auth';
import { cacheControl } from './middleware/cache';
import { rejectNul } from './middleware/input-guard';
import { defaultRateLimit, rateLimit, type RateLimitOptions } from './middleware/rate-limit';
import { alertsRoutes } from './routes/alerts';
import { attributionsRoutes } from './routes/attributions';
import { crawlRoutes } from './routes/crawl';
import { cxRoutes } from './routes/cx';
import { entitiesRoutes } from './routes/entities';
import { metricsRoutes, type MetricsOptions } from './metrics';
import { healthRoutes } from './routes/health';
import { locationsRoutes } from './routes/locations';
import { metaRoutes } from './routes/meta';
import { peopleRoutes } from './routes/people';
import { rankingsRoutes } from './routes/rankings';
import { reputationVsCxRoutes } from './routes/reputation-vs-cx';
import { reviewsRoutes } from './routes/reviews';
import { themesRoutes } from './routes/themes';
import { trendsRoutes } from './routes/trends';
import { forgetEntities, watchEntities } from './subjects';
import type { ApiEnv } from './types';

/**
 * The repwatch HTTP API. Everything under /api/v1 needs an API key; /health,
 * /openapi.json and /docs do not. The OpenAPI document is generated from the
 * same zod schemas that validate requests.
 */
export interface CreateAppOptions {
  /** Schema the tables live in (tests on PostgreSQL), for the migration check of /health. */
  schema?: string;
  /** Per-key token bucket; false turns it off (benchmarks). */
  rateLimit?: RateLimitOptions | false;
  /** max-age of Cache-Control on reads, seconds. */
  cacheMaxAgeSeconds?: number;
  /** How long a looked-up API key is trusted before it is looked up again. */
  authCacheTtlMs?: number;
  /** Origins allowed to call the API from a browser; none by default. */
  corsOrigins?: string[];
  /** Responses smaller than this are not compressed. */
  compressThresholdBytes?: number;
  /** Committed-change notifications; with them, analytics answers are cached until the data changes (http/response-cache.ts). */
  changes?: ChangeFeed;
  /** Memory for cached answers, MB (default $REPWATCH_RESPONSE_CACHE_MB, 64; 0 turns the cache off). */
  responseCacheMb?: number;
  /** GET /metrics (Prometheus) on this port; false leaves it out. Default: on, behind $REPWATCH_METRICS_TOKEN when set. */
  metrics?: MetricsOptions | false;
}

export const API_VERSION = '1.0.0';

export function createApp(ctx: AppContext, opts: CreateAppOptions = {}): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });
  app.onError(errorHandler(ctx.logger));
  app.notFound(notFoundHandler);

  // Below ~8 KB gzip saves the client little and costs the server a zlib pass per response (see http/body.ts).
  const compressThresholdBytes = opts.compressThresholdBytes ?? 8192;
  app.use('*', bodyCompress({ threshold: compressThresholdBytes }));
  app.use(
    '*',
    secureHeaders({
      // Only JSON, CSV and the server-rendered /docs page (inline CSS, no script) are served.
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  if (opts.corsOrigins?.length)
    app.use('/api/*', cors({ origin: opts.corsOrigins, allowHeaders: ['Authorization', 'X-Api-Key', 'Content-Type'], exposeHeaders: ['ETag', 'X-Next-Cursor', 'Retry-After'] }));

  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });
  api.use('*', authenticate(ctx.db, { cacheTtlMs: opts.authCacheTtlMs }));
  // JSON bodies are small; only the CX import takes files. Limits come before anything reads a body.
  const smallBodies = bodyLimit({ maxSize: 1024 * 1024 });
  const importBodies = bodyLimit({
    maxSize: 20 * 1024 * 1024,
    onError: () => {
      throw new AppError('IMPORT_INVALID', 'The import is larger than 20 MB; split it into several files.');
    },
  });
  // GET and HEAD carry no body; asking bodyLimit would build a full WHATWG Request per read just to find that out.
  api.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : c.req.path.endsWith('/cx/import') ? importBodies(c, next) : smallBodies(c, next));
  api.use('*', rejectNul());
  if (opts.rateLimit !== false) api.use('*', rateLimit(opts.rateLimit ?? defaultRateLimit));
  api.use('*', cacheControl(opts.cacheMaxAgeSeconds ?? 30));
  const responses = analyticsCache(opts.changes, opts.responseCacheMb ?? ctx.env.REPWATCH_RESPONSE_CACHE_MB, compressThresholdBytes);
  api.use('*', async (c, next) => {
    await next();
    // A write may have renamed, moved or deactivated an entity, or imported scores: drop the cached lookups and answers.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      forgetEntities(ctx.db);
      responses?.forget();
    }
  });
  api.use('*', bodyEtag());
  if (responses) api.use('*', responses.middleware);
  if (opts.changes) watchEntities(ctx.db, opts.changes);
  for (const routes of [
    entitiesRoutes, locationsRoutes, peopleRoutes, reviewsRoutes, attributionsRoutes, trendsRoutes, rankingsRoutes, themesRoutes,
    cxRoutes, reputationVsCxRoutes, alertsRoutes, crawlRoutes,
  ])
    api.route('/', routes(ctx));

  app.route('/', healthRoutes(ctx, { schema: opts.schema }));
  if (opts.metrics !== false) app.route('/', metricsRoutes(ctx, opts.metrics ?? { token: ctx.env.REPWATCH_METRICS_TOKEN }));
  app.route('/api/v1', api);
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <api key>' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', { type: 'apiKey', in: 'header', name: 'X-Api-Key' });

  let doc: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = () =>
    (doc ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'repwatch API',
        version: API_VERSION,
        description:
          'Read public reputation (reviews, trends, rankings, themes) and compare it with internal CX scores. ' +
          'Send an API key as "Authorization: Bearer <key>" or "X-Api-Key". Errors are {"error":{"code","message","param"}}. ' +
          'Lists are cursor-paginated (limit ≤ 500, next_cursor) and most reads accept ?format=csv. ' +
          'Trends, rankings, themes and reputation-vs-CX answers may come from a cache that is emptied whenever the data behind them changes (X-Cache: hit or miss).',
      },
      tags: [
        { name: 'meta', description: 'Health and this documentation.' },
        { name: 'entities', description: 'The company, its locations and people, and their review profiles.' },
        { name: 'reviews', description: 'Reviews and the attribution review queue.' },
        { name: 'trends', description: 'Series over time from the rollups.' },
        { name: 'rankings', description: 'League tables, most improved and needs attention.' },
        { name: 'themes', description: 'What reviews talk about, and how they feel about it.' },
        { name: 'cx', description: 'Internal CX scores (NPS, CSAT...) and how public reputation relates to them.' },
        { name: 'alerts', description: 'Alerts raised by the alert job.' },
        { name: 'crawl', description: 'Crawl runs and the health of each review source.' },
      ],
    }));
  app.route('/', metaRoutes(document, renderDocsPage));
  return app;
}
