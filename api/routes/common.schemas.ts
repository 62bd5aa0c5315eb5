import { z } from '@hono/zod-openapi';
import { isCalendarDate } from '../../core/validation';
import { DEFAULT_PAGE, MAX_PAGE } from '../http/pagination';

/**
 * Schemas shared by several resources. Each one both validates requests and
 * documents them in the OpenAPI document (same zod object, no second source).
 */
export const MAX_INT4 = 2_147_483_647;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code.' }),
      message: z.string().openapi({ example: 'Invalid query parameter "limit": Too big: expected number to be <=500.' }),
      param: z.string().optional().openapi({ example: 'query.limit', description: 'The offending parameter, when there is one.' }),
      issues: z.array(z.object({ param: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const errorText: Record<number, string> = {
  400: 'Invalid parameter (VALIDATION_FAILED, names the parameter).',
  401: 'No or unknown API key (UNAUTHORIZED).',
  403: "The key's role or scope does not allow this (FORBIDDEN).",
  404: 'Unknown entity or record (NOT_FOUND).',
  409: 'Conflicts with existing data (CONFLICT).',
  429: 'Rate limit of the key exceeded (RATE_LIMITED); see Retry-After.',
};

/** The error responses an operation can give, documented with the shared Error schema. */
export function errors(...statuses: number[]) {
  const out: Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }> = {};
  for (const s of [401, 429, ...statuses]) out[s] = { description: errorText[s] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } };
  return out;
}

export const idSchema = z.coerce.number().int().min(1).max(MAX_INT4);
export const bigIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const IdParams = z.object({ id: idSchema.openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
export const BigIdParams = z.object({ id: bigIdSchema.openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

export type EntityRefInput = { kind: 'company'; id: number | null } | { kind: 'location' | 'person'; id: number };

/** `company`, `company:<id>`, `location:<id>` or `person:<id>`. */
export const entityRef = z
  .string()
  .max(40)
  .regex(/^(company(:\d{1,10})?|location:\d{1,10}|person:\d{1,10})$/, 'must be company, location:<id> or person:<id>')
  .refine((v) => !v.includes(':') || (Number(v.split(':')[1]) >= 1 && Number(v.split(':')[1]) <= MAX_INT4), 'the id is out of range')
  .transform((v): EntityRefInput => {
    const [kind, id] = v.split(':') as [string, string | undefined];
    if (kind === 'company') return { kind, id: id === undefined ? null : Number(id) };
    return { kind: kind as 'location' | 'person', id: Number(id) };
  })
  .openapi({ example: 'location:3', description: 'The entity: company, location:<id> or person:<id>. Includes everything beneath it.' });

export const calendarDate = z.string().refine(isCalendarDate, 'must be a real date like 2026-01-31').openapi({ example: '2026-01-01' });

export const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE)
  .default(DEFAULT_PAGE)
  .openapi({ description: `Page size, at most ${MAX_PAGE}.`, example: 100 });
export const cursorSchema = z.string().max(1000).optional().openapi({ description: 'The next_cursor of the previous page.' });
export const formatSchema = z.enum(['json', 'csv']).default('json').openapi({ description: 'csv downloads the same rows as a CSV file.' });

/** true/false/1/0 (z.coerce.boolean would take "false" for true). */
export const boolQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const granularitySchema = z.enum(['week', 'month', 'quarter', 'r90']).default('month').openapi({
  description: 'Period kind. r90 = rolling 90 days ending with each month.',
});

/** from ≤ to, checked on the whole query so the error names `to`. */
export function checkRange(q: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
}

export const EntitySummary = z
  .object({ kind: z.enum(['company', 'location', 'person']), id: z.number().int(), name: z.string() })
  .openapi('EntitySummary');

export const PageMeta = { next_cursor: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page.' }) };

/** JSON by default, or the same rows as CSV with ?format=csv. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().openapi({ description: 'With ?format=csv; next page cursor in X-Next-Cursor.' }) },
    },
  };
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export const security: Record<string, string[]>[] = [{ Bearer: [] }, { ApiKey: [] }];
