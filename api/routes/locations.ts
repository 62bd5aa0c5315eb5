import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import {
  getLocationRow,
  insertLocation,
  keyTaken,
  listLocations,
  primaryOrganizationId,
  updateLocationRow,
} from '../../db/queries/api-entities';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { authorize } from '../policy';
import { presentLocation } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { errors, IdParams, json, jsonOrCsv, security } from './common.schemas';
import { CreateLocation, ListLocationsQuery, Location, LocationList, UpdateLocation } from './entities.schemas';

/** Locations: list, read, create, update, deactivate (never deleted: their review history stays). */
const tags = ['entities'];

const listRoute = createRoute({
  method: 'get', path: '/locations', tags, security, summary: 'List locations',
  middleware: [requires('read')] as const,
  request: { query: ListLocationsQuery },
  responses: { 200: jsonOrCsv(LocationList, 'A page of locations'), ...errors(400, 403) },
});
const getRoute = createRoute({
  method: 'get', path: '/locations/{id}', tags, security, summary: 'One location',
  middleware: [requires('read')] as const,
  request: { params: IdParams },
  responses: { 200: json(Location, 'The location'), ...errors(400, 403, 404) },
});
const createLocationRoute = createRoute({
  method: 'post', path: '/locations', tags, security, summary: 'Create a location',
  middleware: [requires('write:entities')] as const,
  request: { body: { content: { 'application/json': { schema: CreateLocation } }, required: true } },
  responses: { 201: json(Location, 'Created'), ...errors(400, 403, 409) },
});
const updateRoute = createRoute({
  method: 'patch', path: '/locations/{id}', tags, security, summary: 'Update a location',
  middleware: [requires('write:entities')] as const,
  request: { params: IdParams, body: { content: { 'application/json': { schema: UpdateLocation } }, required: true } },
  responses: { 200: json(Location, 'Updated'), ...errors(400, 403, 404, 409) },
});
const deactivateRoute = createRoute({
  method: 'delete', path: '/locations/{id}', tags, security,
  summary: 'Deactivate a location',
  description: 'Sets active=false and disables its own targets. Reviews and rollups are kept; PATCH active=true undoes it.',
  middleware: [requires('write:entities')] as const,
  request: { params: IdParams },
  responses: { 200: json(Location, 'Deactivated'), ...errors(400, 403, 404) },
});

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

export function locationsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  async function orgId(): Promise<number> {
    const id = await primaryOrganizationId(db);
    if (id === undefined) throw new AppError('NOT_FOUND', 'No company is set up yet.');
    return id;
  }

  handle(app, listRoute, async (c) => {
    const q = c.req.valid('query');
    const company = await authorizedEntity(db, c.get('principal'), undefined, 'read');
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await listLocations(db, { organizationId: company.id, active: q.active, afterId: after?.[0] as number | undefined, limit: q.limit });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map(presentLocation);
    if (q.format === 'csv') return csvResponse(c, 'locations.csv', Object.keys(Location.shape), items, page.next_cursor);
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, getRoute, async (c) => {
    const { id } = c.req.valid('param');
    await authorizedEntity(db, c.get('principal'), { kind: 'location', id }, 'read', 'path.id');
    return c.json(presentLocation((await getLocationRow(db, id))!));
  });

  handle(app, createLocationRoute, async (c) => {
    const body = c.req.valid('json');
    authorize(c.get('principal'), 'write:entities', { kind: 'company', id: await orgId() });
    if (await keyTaken(db, 'locations', body.key))
      throw new AppError('CONFLICT', `A location with key "${body.key}" already exists.`, { param: 'body.key' });
    try {
      const row = await insertLocation(db, await orgId(), body);
      return c.json(presentLocation(row), 201);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `A location with key "${body.key}" already exists.`, { param: 'body.key' });
      throw e;
    }
  });

  handle(app, updateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await authorizedEntity(db, c.get('principal'), { kind: 'location', id }, 'write:entities', 'path.id');
    if (body.key && (await keyTaken(db, 'locations', body.key, id)))
      throw new AppError('CONFLICT', `A location with key "${body.key}" already exists.`, { param: 'body.key' });
    const row = await db.transaction().execute(async (trx) => {
      const updated = await updateLocationRow(trx, id, body);
      if (body.active !== undefined)
        await trx.updateTable('targets').set({ enabled: body.active, updated_at: new Date() }).where('location_id', '=', id).where('entity_kind', '=', 'location').execute();
      return updated;
    });
    return c.json(presentLocation(row!));
  });

  handle(app, deactivateRoute, async (c) => {
    const { id } = c.req.valid('param');
    await authorizedEntity(db, c.get('principal'), { kind: 'location', id }, 'write:entities', 'path.id');
    const row = await db.transaction().execute(async (trx) => {
      const updated = await updateLocationRow(trx, id, { active: false });
      await trx.updateTable('targets').set({ enabled: false, updated_at: new Date() }).where('location_id', '=', id).where('entity_kind', '=', 'location').execute();
      return updated;
    });
    return c.json(presentLocation(row!));
  });

  return app;
}
