import { z } from '@hono/zod-openapi';
import { calendarDate, cursorSchema, formatSchema, idSchema, limitSchema, PageMeta, boolQuery } from './common.schemas';

/** Request and response shapes of the entities resource (locations, people, tree, targets). */
const key = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-" (e.g. "downtown-store")')
  .openapi({ example: 'downtown' });
const text = (max = 300) => z.string().trim().min(1).max(max);
const optionalText = (max = 300) => z.string().trim().max(max).nullable().optional();

export const Location = z
  .object({
    id: z.number().int(),
    key: z.string(),
    name: z.string(),
    external_key: z.string().nullable(),
    address: z.string().nullable(),
    timezone: z.string().nullable(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Location');

export const Person = z
  .object({
    id: z.number().int(),
    key: z.string(),
    display_name: z.string(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    aliases: z.array(z.string()),
    role_title: z.string().nullable(),
    team: z.string().nullable(),
    location_id: z.number().int().nullable(),
    manager_id: z.number().int().nullable(),
    external_key: z.string().nullable(),
    active_from: z.string().nullable(),
    active_to: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('Person');

export const Tree = z
  .object({
    company: z.object({ id: z.number().int(), key: z.string(), name: z.string() }),
    locations: z.array(Location.extend({ people: z.array(Person) })),
    unassigned_people: z.array(Person).openapi({ description: 'People without a location.' }),
  })
  .openapi('EntityTree');

export const LocationList = z.object({ items: z.array(Location), ...PageMeta }).openapi('LocationList');
export const PersonList = z.object({ items: z.array(Person), ...PageMeta }).openapi('PersonList');

export const ListLocationsQuery = z.object({
  active: boolQuery.optional().openapi({ description: 'Only active (true) or deactivated (false) locations.' }),
  limit: limitSchema,
  cursor: cursorSchema,
  format: formatSchema,
});

export const ListPeopleQuery = z.object({
  location_id: idSchema.optional().openapi({ description: 'People of this location.' }),
  team: z.string().max(200).optional(),
  active: boolQuery.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
  format: formatSchema,
});

export const CreateLocation = z
  .object({
    key,
    name: text(),
    external_key: optionalText(100),
    address: optionalText(500),
    timezone: optionalText(64),
  })
  .strict()
  .openapi('CreateLocation');

export const UpdateLocation = z
  .object({
    key: key.optional(),
    name: text().optional(),
    external_key: optionalText(100),
    address: optionalText(500),
    timezone: optionalText(64),
    active: z.boolean().optional().openapi({ description: 'false deactivates (same as DELETE), true reactivates.' }),
  })
  .strict()
  .openapi('UpdateLocation');

const aliases = z.array(text(100)).max(50);

export const CreatePerson = z
  .object({
    key,
    name: text().openapi({ description: 'The name as customers see it.' }),
    first_name: optionalText(100),
    last_name: optionalText(100),
    aliases: aliases.optional(),
    title: optionalText(200),
    team: optionalText(200),
    location_id: idSchema.nullable().optional(),
    manager_id: idSchema.nullable().optional(),
    external_key: optionalText(100),
    active_from: calendarDate.nullable().optional(),
    active_to: calendarDate.nullable().optional(),
  })
  .strict()
  .openapi('CreatePerson');

export const UpdatePerson = CreatePerson.partial().strict().openapi('UpdatePerson');

export const AliasBody = z.object({ alias: text(100) }).strict().openapi('AliasBody');
export const AliasParams = z.object({
  id: idSchema.openapi({ param: { name: 'id', in: 'path' } }),
  alias: z.string().min(1).max(100).openapi({ param: { name: 'alias', in: 'path' } }),
});

export const EntityPathParams = z.object({
  kind: z.enum(['company', 'location', 'person']).openapi({ param: { name: 'kind', in: 'path' } }),
  id: idSchema.openapi({ param: { name: 'id', in: 'path' } }),
});

export const TargetHealth = z
  .object({
    id: z.number().int(),
    key: z.string(),
    source: z.object({ key: z.string(), label: z.string() }),
    url: z.string(),
    entity: z.object({ kind: z.string(), id: z.number().int() }),
    enabled: z.boolean(),
    status: z.enum(['ok', 'never_run', 'failing', 'blocked', 'low_coverage', 'disabled']),
    last_run: z.object({ id: z.number().int(), status: z.string(), started_at: z.string() }).nullable(),
    last_success_at: z.string().nullable(),
    last_error_at: z.string().nullable(),
    last_error: z.string().nullable(),
    blocked: z.boolean(),
    blocked_reason: z.string().nullable(),
    blocked_runs_in_a_row: z.number().int(),
    stored_review_count: z.number().int(),
    site_review_count: z.number().int().nullable().openapi({ description: 'The count the site displays, from the last run that saw it.' }),
    site_rating: z.number().nullable(),
    coverage: z.number().nullable().openapi({ description: 'stored / site count (null when the site shows no count).' }),
  })
  .openapi('TargetHealth');

export const TargetsQuery = z.object({
  descendants: boolQuery.default(true).openapi({ description: 'Include targets of everything beneath the entity.' }),
  format: formatSchema,
});
