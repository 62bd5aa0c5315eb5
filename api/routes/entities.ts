import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { entityTree, primaryOrganizationId, targetHealth, targetIdsBeneath } from '../../db/queries/api-entities';
import { csvResponse } from '../http/csv';
import { inManagerScope } from '../policy';
import { presentLocation, presentPerson, presentTargetHealth, flattenTargetHealth } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { requires } from '../middleware/auth';
import { errors, json, jsonOrCsv, security } from './common.schemas';
import { EntityPathParams, TargetHealth, TargetsQuery, Tree } from './entities.schemas';

/**
 * The company → locations → people tree, and the review profiles (targets)
 * of any entity with their crawl health. Location and person CRUD live in
 * locations.ts and people.ts.
 */
const treeRoute = createRoute({
  method: 'get',
  path: '/entities/tree',
  tags: ['entities'],
  summary: 'Company → locations → people',
  description: 'A manager key sees only the locations and people of its scope (the branches it may open).',
  security,
  middleware: [requires('read')] as const,
  responses: { 200: json(Tree, 'The tree'), ...errors(403, 404) },
});

const targetsRoute = createRoute({
  method: 'get',
  path: '/entities/{kind}/{id}/targets',
  tags: ['entities'],
  summary: 'Review profiles (targets) of an entity with last run, coverage and status',
  security,
  middleware: [requires('read')] as const,
  request: { params: EntityPathParams, query: TargetsQuery },
  responses: { 200: jsonOrCsv(z.object({ items: z.array(TargetHealth) }), 'Targets'), ...errors(400, 403, 404) },
});

export function entitiesRoutes(ctx: AppContext) {
  const app = newRouter();

  handle(app, treeRoute, async (c) => {
    const principal = c.get('principal');
    const orgId = await primaryOrganizationId(ctx.db);
    if (orgId === undefined) throw new AppError('NOT_FOUND', 'No company is set up yet.');
    const { org, locations, people } = await entityTree(ctx.db, orgId);
    const manager = principal.role === 'manager';
    const visiblePerson = (p: (typeof people)[number]) =>
      !manager || inManagerScope(principal, { kind: 'person', id: p.id, locationId: p.location_id, team: p.team });
    // Grouped once: a company can have tens of thousands of people.
    const byLocation = new Map<number | null, ReturnType<typeof presentPerson>[]>();
    for (const p of people) {
      if (!visiblePerson(p)) continue;
      const list = byLocation.get(p.location_id);
      if (list) list.push(presentPerson(p));
      else byLocation.set(p.location_id, [presentPerson(p)]);
    }
    // A manager covering only a team still sees the locations where their people sit.
    const visibleLocation = (id: number) => !manager || inManagerScope(principal, { kind: 'location', id }) || byLocation.has(id);
    return c.json({
      company: { id: org!.id, key: org!.key, name: org!.name },
      locations: locations.filter((l) => visibleLocation(l.id)).map((l) => ({ ...presentLocation(l), people: byLocation.get(l.id) ?? [] })),
      unassigned_people: byLocation.get(null) ?? [],
    });
  });

  handle(app, targetsRoute, async (c) => {
    const { kind, id } = c.req.valid('param');
    const q = c.req.valid('query');
    const entity = await authorizedEntity(ctx.db, c.get('principal'), { kind, id }, 'read', 'path.id');
    let ids = await targetIdsBeneath(ctx.db, entity.kind, entity.id);
    if (!q.descendants) {
      const rows = await ctx.db.selectFrom('targets').select(['id', 'entity_kind']).where('id', 'in', ids.length ? ids : [-1]).execute();
      ids = rows.filter((r) => r.entity_kind === entity.kind).map((r) => r.id);
    }
    const items = (await targetHealth(ctx.db, ids)).map((t) => presentTargetHealth(t, ctx.settings.alerts.coverageDropPct));
    if (q.format === 'csv') {
      const rows = items.map(flattenTargetHealth);
      return csvResponse(c, `targets-${kind}-${id}.csv`, Object.keys(rows[0] ?? flattenTargetHealth(emptyHealth)), rows);
    }
    return c.json({ items });
  });

  return app;
}

/** Column names for an empty CSV. */
const emptyHealth = presentTargetHealth(
  {
    id: 0, key: '', source_key: '', source_label: '', url: '', entity_kind: 'company', organization_id: 0, location_id: null,
    person_id: null, enabled: true, last_run_id: null, last_run_status: null, last_run_at: null, last_success_at: null,
    last_error_at: null, last_error: null, blocked_reason: null, blocked_runs_in_a_row: 0, site_review_count: null,
    site_rating: null, stored_review_count: 0,
  },
  20,
);
