import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { targetHealth, targetIdsBeneath } from '../../db/queries/api-entities';
import { listCrawlRuns } from '../../db/queries/api-crawl';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { flattenTargetHealth, iso, presentTargetHealth } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { cursorSchema, entityRef, errors, formatSchema, idSchema, jsonOrCsv, limitSchema, PageMeta, security } from './common.schemas';
import { TargetHealth } from './entities.schemas';

/** Crawl runs, and source health: per target and per source, is crawling working and how complete is it? */
const tags = ['crawl'];

const CrawlRun = z
  .object({
    id: z.number().int(), target_id: z.number().int(), target_key: z.string(), source: z.string(), mode: z.string(), status: z.string(),
    started_at: z.string(), finished_at: z.string().nullable(), pages: z.number().int(), reviews_seen: z.number().int(),
    reviews_new: z.number().int(), reviews_changed: z.number().int(), reviews_removed: z.number().int(), errors: z.number().int(),
    error_message: z.string().nullable(), blocked_reason: z.string().nullable(), site_review_count: z.number().int().nullable(),
    site_rating: z.number().nullable(), stored_review_count: z.number().int().nullable(),
  })
  .openapi('CrawlRun');

const runsRoute = createRoute({
  method: 'get', path: '/crawl-runs', tags, security, middleware: [requires('read')],
  summary: 'Crawl runs of the targets beneath an entity, newest first',
  request: {
    query: z.object({
      entity: entityRef.optional(),
      target_id: idSchema.optional(),
      status: z.enum(['running', 'ok', 'partial', 'blocked', 'failed']).optional(),
      limit: limitSchema, cursor: cursorSchema, format: formatSchema,
    }),
  },
  responses: { 200: jsonOrCsv(z.object({ items: z.array(CrawlRun), ...PageMeta }).openapi('CrawlRunList'), 'A page of runs'), ...errors(400, 403, 404) },
});

const SourceSummary = z.object({
  source: z.string(), targets: z.number().int(), ok: z.number().int(), blocked: z.number().int(), failing: z.number().int(),
  low_coverage: z.number().int(), never_run: z.number().int(), disabled: z.number().int(), stored_review_count: z.number().int(),
  site_review_count: z.number().int(), coverage: z.number().nullable(),
});
const healthRoute = createRoute({
  method: 'get', path: '/source-health', tags, security, middleware: [requires('read')],
  summary: 'Per target: last success, last error, blocked, coverage vs the count the site displays; and per source totals',
  request: { query: z.object({ entity: entityRef.optional(), format: formatSchema }) },
  responses: { 200: jsonOrCsv(z.object({ sources: z.array(SourceSummary), targets: z.array(TargetHealth) }).openapi('SourceHealth'), 'Health'), ...errors(400, 403, 404) },
});

export function crawlRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, runsRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    let ids = await targetIdsBeneath(db, entity.kind, entity.id);
    if (q.target_id !== undefined) {
      if (!ids.includes(q.target_id))
        throw new AppError('NOT_FOUND', `Target ${q.target_id} is not beneath ${entity.kind} ${entity.id}.`, { param: 'query.target_id' });
      ids = [q.target_id];
    }
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await listCrawlRuns(db, { targetIds: ids, status: q.status, beforeId: after?.[0] as number | undefined, limit: q.limit });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map(({ source_key, ...r }) => ({ ...r, source: source_key, started_at: iso(r.started_at)!, finished_at: iso(r.finished_at) }));
    if (q.format === 'csv') return csvResponse(c, `crawl-runs-${entity.kind}-${entity.id}.csv`, Object.keys(CrawlRun.shape), items, page.next_cursor);
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, healthRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    const targets = (await targetHealth(db, await targetIdsBeneath(db, entity.kind, entity.id))).map((t) =>
      presentTargetHealth(t, ctx.settings.alerts.coverageDropPct),
    );
    const bySource = new Map<string, z.infer<typeof SourceSummary>>();
    for (const t of targets) {
      const s = bySource.get(t.source.key) ?? {
        source: t.source.key, targets: 0, ok: 0, blocked: 0, failing: 0, low_coverage: 0, never_run: 0, disabled: 0, stored_review_count: 0, site_review_count: 0, coverage: null,
      };
      s.targets++;
      s[t.status]++;
      s.stored_review_count += t.stored_review_count;
      // Coverage only over targets whose site shows a count, else the ratio mixes known and unknown.
      if (t.site_review_count !== null) s.site_review_count += t.site_review_count;
      bySource.set(t.source.key, s);
    }
    const storedWithCount = (key: string) => targets.filter((t) => t.source.key === key && t.site_review_count !== null).reduce((a, t) => a + t.stored_review_count, 0);
    const sources = [...bySource.values()].map((s) => ({ ...s, coverage: s.site_review_count > 0 ? Math.round((storedWithCount(s.source) / s.site_review_count) * 1000) / 1000 : null }));
    if (q.format === 'csv') {
      const rows = targets.map(flattenTargetHealth);
      return csvResponse(c, `source-health-${entity.kind}-${entity.id}.csv`, rows.length ? Object.keys(rows[0]!) : ['id'], rows);
    }
    return c.json({ sources, targets });
  });

  return app;
}
