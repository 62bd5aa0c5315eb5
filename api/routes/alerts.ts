import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { acknowledgeAlert, getAlert, listAlerts, muteAlert, type AlertRow } from '../../db/queries/api-alerts';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { authorize, type Capability, type Subject } from '../policy';
import { iso } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import type { Principal } from '../types';
import { BigIdParams, cursorSchema, entityRef, errors, formatSchema, json, jsonOrCsv, limitSchema, PageMeta, security } from './common.schemas';

/** Alerts raised by the alert job: list, acknowledge, mute until a time. */
const tags = ['alerts'];

const Alert = z
  .object({
    id: z.number().int(),
    rule: z.string(),
    severity: z.string(),
    title: z.string(),
    detail: z.record(z.string(), z.unknown()),
    about: z.object({ kind: z.string(), id: z.number().int() }).openapi({ description: 'What raised it: an entity or a target (review profile).' }),
    entity: z.object({ kind: z.string(), id: z.number().int() }).openapi({ description: 'The entity it concerns (a target resolved to its entity).' }),
    state: z.enum(['open', 'acknowledged', 'muted']),
    created_at: z.string(),
    acknowledged_at: z.string().nullable(),
    acknowledged_by: z.string().nullable(),
    muted_until: z.string().nullable(),
    delivered_at: z.string().nullable(),
  })
  .openapi('Alert');

const listRoute = createRoute({
  method: 'get', path: '/alerts', tags, security, middleware: [requires('read')],
  summary: 'Alerts about an entity and everything beneath it, newest first',
  request: {
    query: z.object({
      entity: entityRef.optional(),
      state: z.enum(['open', 'acknowledged', 'muted', 'all']).default('open'),
      severity: z.enum(['info', 'warning', 'critical']).optional(),
      rule: z.string().max(100).optional(),
      limit: limitSchema,
      cursor: cursorSchema,
      format: formatSchema,
    }),
  },
  responses: { 200: jsonOrCsv(z.object({ items: z.array(Alert), ...PageMeta }).openapi('AlertList'), 'A page of alerts'), ...errors(400, 403, 404) },
});
const ackRoute = createRoute({
  method: 'post', path: '/alerts/{id}/acknowledge', tags, security, middleware: [requires('manage:alerts')],
  summary: 'Acknowledge an alert (idempotent)', request: { params: BigIdParams },
  responses: { 200: json(Alert, 'The alert'), ...errors(400, 403, 404) },
});
const MAX_MUTE_DAYS = 366;
const muteRoute = createRoute({
  method: 'post', path: '/alerts/{id}/mute', tags, security, middleware: [requires('manage:alerts')],
  summary: 'Mute an alert until a time (null unmutes)',
  request: {
    params: BigIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ until: z.iso.datetime({ offset: true }).nullable().openapi({ example: '2026-12-01T00:00:00Z' }) }).strict().openapi('MuteBody'),
        },
      },
    },
  },
  responses: { 200: json(Alert, 'The alert'), ...errors(400, 403, 404) },
});

function present(a: AlertRow, now: Date) {
  return {
    id: a.id, rule: a.rule, severity: a.severity, title: a.title, detail: a.detail ?? {},
    about: { kind: a.entity_kind, id: a.entity_id }, entity: { kind: a.owner_kind, id: a.owner_id },
    state: (a.acknowledged_at ? 'acknowledged' : a.muted_until && a.muted_until > now ? 'muted' : 'open') as 'open' | 'acknowledged' | 'muted',
    created_at: iso(a.created_at)!, acknowledged_at: iso(a.acknowledged_at), acknowledged_by: a.acknowledged_by,
    muted_until: iso(a.muted_until), delivered_at: iso(a.delivered_at),
  };
}

function subjectOf(a: AlertRow): Subject {
  if (a.owner_kind === 'person') return { kind: 'person', id: a.owner_id, locationId: a.owner_location_id, team: a.owner_team };
  return { kind: a.owner_kind, id: a.owner_id };
}

export function alertsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  async function load(principal: Principal, id: number, capability: Capability): Promise<AlertRow> {
    const a = await getAlert(db, id);
    if (!a) {
      if (principal.role === 'manager') throw new AppError('FORBIDDEN', `This manager key does not cover alert ${id}.`);
      throw new AppError('NOT_FOUND', `Alert ${id} does not exist.`, { param: 'path.id' });
    }
    authorize(principal, capability, subjectOf(a));
    return a;
  }

  handle(app, listRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    const after = decodeCursor(q.cursor, ['number']);
    const now = new Date();
    const rows = await listAlerts(db, { entity, state: q.state, severity: q.severity, rule: q.rule, now, beforeId: after?.[0] as number | undefined, limit: q.limit });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map((a) => present(a, now));
    if (q.format === 'csv')
      return csvResponse(
        c, `alerts-${entity.kind}-${entity.id}.csv`,
        ['id', 'created_at', 'severity', 'rule', 'title', 'entity_kind', 'entity_id', 'state', 'acknowledged_at', 'acknowledged_by', 'muted_until'],
        items.map((i) => ({ ...i, entity_kind: i.entity.kind, entity_id: i.entity.id })),
        page.next_cursor,
      );
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, ackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    await load(principal, id, 'manage:alerts');
    await acknowledgeAlert(db, id, `api-key:${principal.name}`, new Date());
    return c.json(present((await getAlert(db, id))!, new Date()));
  });

  handle(app, muteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { until } = c.req.valid('json');
    const principal = c.get('principal');
    await load(principal, id, 'manage:alerts');
    const now = new Date();
    const when = until === null ? null : new Date(until);
    if (when && when <= now) throw new AppError('VALIDATION_FAILED', 'Invalid body parameter "until": must be in the future.', { param: 'body.until' });
    if (when && when.getTime() - now.getTime() > MAX_MUTE_DAYS * 86_400_000)
      throw new AppError('VALIDATION_FAILED', `Invalid body parameter "until": at most ${MAX_MUTE_DAYS} days ahead.`, { param: 'body.until' });
    await muteAlert(db, id, when);
    return c.json(present((await getAlert(db, id))!, now));
  });

  return app;
}
