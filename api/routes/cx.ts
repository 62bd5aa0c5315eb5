import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { childrenOf } from '../../db/queries/api-entities';
import { deleteCxBatch, deleteCxRow, getCx, listCx } from '../../db/queries/api-cx';
import { CX_METRICS, parseCxCsv, parseCxJson } from '../../domain/cx/cx-rows';
import { importCxRows } from '../../domain/cx/import-cx';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { iso } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity, authorizeMany } from '../subjects';
import { calendarDate, checkRange, cursorSchema, entityRef, errors, formatSchema, IdParams, json, jsonOrCsv, limitSchema, PageMeta, security } from './common.schemas';

/**
 * Internal CX scores: import (CSV or JSON, a report per row, re-importing the
 * same file changes nothing), list, delete. Person-level scores are internal:
 * the policy keeps them from marketing keys.
 */
const tags = ['cx'];
const metricEnum = z.enum(Object.keys(CX_METRICS) as [string, ...string[]]);

const CxRow = z.record(z.string(), z.unknown()).openapi({
  description: 'entity_type (company|location|person), entity_id or external_key, period (2026-03, 2026-Q1, 2026-W05), metric, value, responses?, transactions?',
  example: { entity_type: 'location', external_key: 'S-1', period: '2026-03', metric: 'NPS', value: 41, responses: 120, transactions: 900 },
});
const ImportReport = z
  .object({
    accepted: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int().openapi({ description: '1 = first data row.' }), reason: z.string() })),
    batch: z.string(),
  })
  .openapi('CxImportReport');
const CxScore = z
  .object({
    id: z.number().int(),
    entity: z.object({ kind: z.string(), id: z.number().int() }),
    metric: z.string(),
    period_kind: z.string(),
    period_start: z.string(),
    value: z.number(),
    responses: z.number().int().nullable(),
    transactions: z.number().int().nullable(),
    import_batch: z.string().nullable(),
    imported_at: z.string(),
  })
  .openapi('CxScore');

const importRoute = createRoute({
  method: 'post', path: '/cx/import', tags, security, middleware: [requires('write:cx')],
  summary: 'Import CX scores from CSV (text/csv) or JSON (an array of rows, or { rows }); at most 20 MB',
  request: {
    query: z.object({ batch: z.string().min(1).max(100).optional().openapi({ description: 'A name for this import (default: a timestamp); DELETE /cx?batch= undoes it.' }) }),
    body: { content: { 'application/json': { schema: z.union([z.array(CxRow).max(200_000), z.object({ rows: z.array(CxRow).max(200_000) })]) }, 'text/csv': { schema: z.string() } } },
  },
  responses: { 200: json(ImportReport, 'What was stored and why any row was rejected'), ...errors(400, 403) },
});
const ListQuery = z
  .object({
    entity: entityRef.optional(),
    include: z.enum(['self', 'children']).default('self').openapi({ description: "children adds the entity's locations or people." }),
    metric: metricEnum.optional(),
    period_kind: z.enum(['week', 'month', 'quarter']).optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    batch: z.string().min(1).max(100).optional(),
    limit: limitSchema,
    cursor: cursorSchema,
    format: formatSchema,
  })
  .superRefine(checkRange);
const listRoute = createRoute({
  method: 'get', path: '/cx', tags, security, middleware: [requires('read:cx')],
  summary: 'List CX scores of an entity (and its children)', request: { query: ListQuery },
  responses: { 200: jsonOrCsv(z.object({ items: z.array(CxScore), ...PageMeta }).openapi('CxScoreList'), 'A page of scores'), ...errors(400, 403, 404) },
});
const deleteRoute = createRoute({
  method: 'delete', path: '/cx/{id}', tags, security, middleware: [requires('write:cx')],
  summary: 'Delete one CX score', request: { params: IdParams },
  responses: { 200: json(z.object({ deleted: z.number().int() }), 'Deleted'), ...errors(400, 403, 404) },
});
const deleteBatchRoute = createRoute({
  method: 'delete', path: '/cx', tags, security, middleware: [requires('write:cx')],
  summary: 'Delete every CX score of one import batch', request: { query: z.object({ batch: z.string().min(1).max(100) }) },
  responses: { 200: json(z.object({ deleted: z.number().int() }), 'Deleted'), ...errors(400, 403) },
});

const present = (r: NonNullable<Awaited<ReturnType<typeof getCx>>>) => ({
  id: r.id, entity: { kind: r.entity_kind, id: r.entity_id }, metric: r.metric, period_kind: r.period_kind, period_start: r.period_start,
  value: r.value, responses: r.responses, transactions: r.transactions, import_batch: r.import_batch, imported_at: iso(r.imported_at)!,
});

export function cxRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, importRoute, async (c) => {
    const { batch } = c.req.valid('query');
    const type = c.req.header('content-type') ?? '';
    const rows = type.includes('json') ? parseCxJson(c.req.valid('json')) : parseCxCsv(await c.req.text());
    if (rows.length === 0) throw new AppError('IMPORT_INVALID', 'The import has no rows.');
    const name = batch ?? `api-${new Date().toISOString()}`;
    const report = await importCxRows(db, rows, { batch: name });
    return c.json({ ...report, batch: name });
  });

  handle(app, listRoute, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    const entity = await authorizedEntity(db, principal, q.entity, 'read:cx');
    const groups = [{ kind: entity.kind, ids: [entity.id] }];
    if (q.include === 'children') {
      const children = await childrenOf(db, entity);
      await authorizeMany(db, principal, 'read:cx', children);
      if (children.length) groups.push({ kind: children[0]!.kind, ids: children.map((ch) => ch.id) });
    }
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await listCx(db, { entities: groups, metric: q.metric, periodKind: q.period_kind, from: q.from, to: q.to, batch: q.batch }, { afterId: after?.[0] as number | undefined, limit: q.limit });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map(present);
    if (q.format === 'csv')
      return csvResponse(
        c, `cx-${entity.kind}-${entity.id}.csv`,
        ['id', 'entity_kind', 'entity_id', 'metric', 'period_kind', 'period_start', 'value', 'responses', 'transactions', 'import_batch', 'imported_at'],
        items.map((i) => ({ ...i, entity_kind: i.entity.kind, entity_id: i.entity.id })),
        page.next_cursor,
      );
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const row = await getCx(db, id);
    if (!row) throw new AppError('NOT_FOUND', `CX score ${id} does not exist.`, { param: 'path.id' });
    return c.json({ deleted: await deleteCxRow(db, id) });
  });

  handle(app, deleteBatchRoute, async (c) => {
    const { batch } = c.req.valid('query');
    return c.json({ deleted: await deleteCxBatch(db, batch) });
  });

  return app;
}
