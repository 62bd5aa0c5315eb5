import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import {
  getLocationRow,
  getPersonRow,
  insertPerson,
  keyTaken,
  listPeople,
  primaryOrganizationId,
  updatePersonRow,
  type PersonWrite,
} from '../../db/queries/api-entities';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { authorize } from '../policy';
import { presentPerson } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { errors, IdParams, json, jsonOrCsv, security } from './common.schemas';
import { AliasBody, AliasParams, CreatePerson, ListPeopleQuery, Person, PersonList, UpdatePerson } from './entities.schemas';
import type { z } from '@hono/zod-openapi';

/** People (salespeople, advisers): list, read, create, update, deactivate, and their name aliases. */
const tags = ['entities'];
const read = [requires('read')];
const write = [requires('write:entities')];
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const listRoute = createRoute({
  method: 'get', path: '/people', tags, security, summary: 'List people',
  description: 'Filter by location_id or team; without either the subject is the whole company (managers must filter).',
  middleware: read, request: { query: ListPeopleQuery },
  responses: { 200: jsonOrCsv(PersonList, 'A page of people'), ...errors(400, 403, 404) },
});
const getRoute = createRoute({
  method: 'get', path: '/people/{id}', tags, security, summary: 'One person',
  middleware: read, request: { params: IdParams },
  responses: { 200: json(Person, 'The person'), ...errors(400, 403, 404) },
});
const createPersonRoute = createRoute({
  method: 'post', path: '/people', tags, security, summary: 'Create a person',
  middleware: write, request: body(CreatePerson),
  responses: { 201: json(Person, 'Created'), ...errors(400, 403, 409) },
});
const updateRoute = createRoute({
  method: 'patch', path: '/people/{id}', tags, security, summary: 'Update a person (aliases replaces the whole list)',
  middleware: write, request: { params: IdParams, ...body(UpdatePerson) },
  responses: { 200: json(Person, 'Updated'), ...errors(400, 403, 404, 409) },
});
const deactivateRoute = createRoute({
  method: 'delete', path: '/people/{id}', tags, security, summary: 'Deactivate a person',
  description: 'Sets active_to to today and disables their own targets; reviews, attributions and rollups are kept.',
  middleware: write, request: { params: IdParams },
  responses: { 200: json(Person, 'Deactivated'), ...errors(400, 403, 404) },
});
const addAliasRoute = createRoute({
  method: 'post', path: '/people/{id}/aliases', tags, security, summary: 'Add a name alias (e.g. a nickname customers use)',
  middleware: write, request: { params: IdParams, ...body(AliasBody) },
  responses: { 200: json(Person, 'The person with the alias'), ...errors(400, 403, 404) },
});
const removeAliasRoute = createRoute({
  method: 'delete', path: '/people/{id}/aliases/{alias}', tags, security, summary: 'Remove a name alias',
  middleware: write, request: { params: AliasParams },
  responses: { 200: json(Person, 'The person without the alias'), ...errors(400, 403, 404) },
});

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';
const today = () => new Date().toISOString().slice(0, 10);

type PersonInput = Partial<z.infer<typeof CreatePerson>>;

export function peopleRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  /** Body → columns, checking that referenced location and manager exist. */
  async function toWrite(input: PersonInput, selfId?: number): Promise<PersonWrite> {
    if (input.location_id != null && !(await getLocationRow(db, input.location_id)))
      throw new AppError('VALIDATION_FAILED', `Invalid body parameter "location_id": location ${input.location_id} does not exist.`, { param: 'body.location_id' });
    if (input.manager_id != null) {
      if (input.manager_id === selfId)
        throw new AppError('VALIDATION_FAILED', 'Invalid body parameter "manager_id": a person cannot manage themselves.', { param: 'body.manager_id' });
      if (!(await getPersonRow(db, input.manager_id)))
        throw new AppError('VALIDATION_FAILED', `Invalid body parameter "manager_id": person ${input.manager_id} does not exist.`, { param: 'body.manager_id' });
    }
    if (input.active_from && input.active_to && input.active_to < input.active_from)
      throw new AppError('VALIDATION_FAILED', 'Invalid body parameter "active_to": is before active_from.', { param: 'body.active_to' });
    const [first, ...rest] = (input.name ?? '').split(/\s+/);
    const w: PersonWrite = {};
    if (input.key !== undefined) w.key = input.key;
    if (input.name !== undefined) {
      w.display_name = input.name;
      if (input.first_name === undefined) w.first_name = first || null;
      if (input.last_name === undefined) w.last_name = rest.length ? rest.join(' ') : null;
    }
    if (input.first_name !== undefined) w.first_name = input.first_name;
    if (input.last_name !== undefined) w.last_name = input.last_name;
    if (input.aliases !== undefined) w.aliases = [...new Set(input.aliases)];
    if (input.title !== undefined) w.role_title = input.title;
    if (input.team !== undefined) w.team = input.team;
    if (input.location_id !== undefined) w.location_id = input.location_id;
    if (input.manager_id !== undefined) w.manager_id = input.manager_id;
    if (input.external_key !== undefined) w.external_key = input.external_key;
    if (input.active_from !== undefined) w.active_from = input.active_from;
    if (input.active_to !== undefined) w.active_to = input.active_to;
    return w;
  }

  async function conflictCheck(key: string | undefined, exceptId?: number) {
    if (key && (await keyTaken(db, 'people', key, exceptId)))
      throw new AppError('CONFLICT', `A person with key "${key}" already exists.`, { param: 'body.key' });
  }

  async function loadForWrite(c: { get(k: 'principal'): import('../types').Principal }, id: number) {
    await authorizedEntity(db, c.get('principal'), { kind: 'person', id }, 'write:entities', 'path.id');
    return (await getPersonRow(db, id))!;
  }

  handle(app, listRoute, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    // The subject is what the filter narrows to: a location, a team, or else the whole company.
    if (q.location_id !== undefined) await authorizedEntity(db, principal, { kind: 'location', id: q.location_id }, 'read', 'query.location_id');
    else if (q.team !== undefined) authorize(principal, 'read', { kind: 'team', name: q.team });
    else await authorizedEntity(db, principal, undefined, 'read');
    const orgId = await primaryOrganizationId(db);
    if (orgId === undefined) throw new AppError('NOT_FOUND', 'No company is set up yet.');
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await listPeople(db, {
      organizationId: orgId,
      locationIds: q.location_id !== undefined ? [q.location_id] : undefined,
      team: q.team,
      active: q.active,
      today: today(),
      afterId: after?.[0] as number | undefined,
      limit: q.limit,
    });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map(presentPerson);
    if (q.format === 'csv')
      return csvResponse(c, 'people.csv', Object.keys(Person.shape), items.map((p) => ({ ...p, aliases: p.aliases.join('; ') })), page.next_cursor);
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, getRoute, async (c) => {
    const { id } = c.req.valid('param');
    await authorizedEntity(db, c.get('principal'), { kind: 'person', id }, 'read', 'path.id');
    return c.json(presentPerson((await getPersonRow(db, id))!));
  });

  handle(app, createPersonRoute, async (c) => {
    const input = c.req.valid('json');
    const company = await authorizedEntity(db, c.get('principal'), undefined, 'write:entities');
    await conflictCheck(input.key);
    const w = await toWrite(input);
    try {
      const row = await insertPerson(db, company.id, { ...w, key: input.key, display_name: input.name });
      return c.json(presentPerson(row), 201);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `A person with key "${input.key}" already exists.`, { param: 'body.key' });
      throw e;
    }
  });

  handle(app, updateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const current = await loadForWrite(c, id);
    await conflictCheck(input.key, id);
    const w = await toWrite({ active_from: current.active_from ?? undefined, ...input }, id);
    return c.json(presentPerson((await updatePersonRow(db, id, w))!));
  });

  handle(app, deactivateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const current = await loadForWrite(c, id);
    const row = await db.transaction().execute(async (trx) => {
      const updated = await updatePersonRow(trx, id, { active_to: current.active_to && current.active_to <= today() ? current.active_to : today() });
      await trx.updateTable('targets').set({ enabled: false, updated_at: new Date() }).where('person_id', '=', id).execute();
      return updated;
    });
    return c.json(presentPerson(row!));
  });

  handle(app, addAliasRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { alias } = c.req.valid('json');
    const current = await loadForWrite(c, id);
    const aliases = [...new Set([...(current.aliases ?? []), alias])];
    return c.json(presentPerson((await updatePersonRow(db, id, { aliases }))!));
  });

  handle(app, removeAliasRoute, async (c) => {
    const { id, alias } = c.req.valid('param');
    const current = await loadForWrite(c, id);
    if (!(current.aliases ?? []).includes(alias)) throw new AppError('NOT_FOUND', `Person ${id} has no alias "${alias}".`, { param: 'path.alias' });
    return c.json(presentPerson((await updatePersonRow(db, id, { aliases: current.aliases.filter((a) => a !== alias) }))!));
  });

  return app;
}
