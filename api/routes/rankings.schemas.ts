import { z } from '@hono/zod-openapi';
import { calendarDate, EntitySummary, formatSchema, granularitySchema } from './common.schemas';
import { MAX_INT4 } from './common.schemas';

/** League tables, most improved, needs attention. */
export type Within = { kind: 'company' } | { kind: 'location'; id: number } | { kind: 'team'; name: string };

export const withinSchema = z
  .string()
  .max(210)
  .regex(/^(company|location:\d{1,10}|team:.{1,200})$/s, 'must be company, location:<id> or team:<name>')
  .refine((v) => !v.startsWith('location:') || (Number(v.slice(9)) >= 1 && Number(v.slice(9)) <= MAX_INT4), 'the id is out of range')
  .transform((v): Within => (v === 'company' ? { kind: 'company' } : v.startsWith('location:') ? { kind: 'location', id: Number(v.slice(9)) } : { kind: 'team', name: v.slice(5) }))
  .optional()
  .openapi({ type: 'string', description: 'Among whom: company (default), location:<id> (its people) or team:<name>.', example: 'company' });

const level = z.enum(['location', 'person']).default('location').openapi({ description: 'Rank locations or people (salespeople).' });
const periodStart = calendarDate.optional().openapi({ description: 'First day of the period. Default: the latest period with data.' });
const topN = z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'How many ranked rows to return (at most 500).' });

export const RankingsQuery = z.object({
  level,
  within: withinSchema,
  granularity: granularitySchema,
  period_start: periodStart,
  metric: z.enum(['shrunk_rating', 'reputation_index']).default('shrunk_rating'),
  order: z.enum(['top', 'bottom']).default('top'),
  limit: topN,
  format: formatSchema,
});

export const ImprovedQuery = z.object({
  level,
  within: withinSchema,
  span: z.enum(['month', 'quarter']).default('month').openapi({ description: 'Month on month, or quarter on quarter.' }),
  period_start: periodStart.openapi({ description: 'The later of the two periods. Default: the latest with data.' }),
  limit: topN,
  format: formatSchema,
});

export const AttentionQuery = z.object({
  level,
  within: withinSchema,
  granularity: granularitySchema,
  period_start: periodStart,
  min_unanswered: z.coerce.number().int().min(1).max(1000).default(3).openapi({ description: 'Unanswered negative reviews that count as "many".' }),
  format: formatSchema,
});

const Interval = { value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() };

export const RankedRow = z
  .object({
    rank: z.number().int().openapi({ description: 'Position in the best-first table (1 = best), whatever the order.' }),
    entity: EntitySummary,
    location_id: z.number().int().nullable(),
    team: z.string().nullable(),
    ...Interval,
    review_count: z.number().int(),
    rated_count: z.number().int(),
    rating_avg: z.number().nullable(),
  })
  .openapi('RankedRow');

export const NotEnough = z
  .object({ entity: EntitySummary, review_count: z.number().int(), rated_count: z.number().int() })
  .openapi('NotEnoughReviews');

const Period = z.object({ kind: z.string(), start: z.string().nullable() });

export const Rankings = z
  .object({
    level: z.string(),
    within: z.string(),
    period: Period,
    metric: z.string(),
    order: z.string(),
    min_reviews: z.number().int(),
    ranked: z.array(RankedRow),
    not_enough_reviews: z.array(NotEnough).openapi({ description: 'Below the minimum rated reviews: listed, never ranked.' }),
  })
  .openapi('Rankings');

const Snapshot = z.object({ ...Interval, rated_count: z.number().int() });

export const Improved = z
  .object({
    level: z.string(),
    within: z.string(),
    span: z.string(),
    period: Period,
    previous_period: Period,
    min_reviews: z.number().int(),
    items: z.array(
      z.object({
        rank: z.number().int(),
        entity: EntitySummary,
        current: Snapshot,
        previous: Snapshot,
        delta: z.number(),
        delta_low: z.number().nullable().openapi({ description: '95% interval of the change.' }),
        delta_high: z.number().nullable(),
      }),
    ),
    not_enough_reviews: z.array(NotEnough),
  })
  .openapi('MostImproved');

export const Reason = z
  .object({
    kind: z.enum(['falling', 'unanswered_negatives', 'theme_turning_negative']),
    detail: z.string(),
    count: z.number().int().optional(),
    theme: z.string().optional(),
    polarity_before: z.number().nullable().optional(),
    polarity_now: z.number().optional(),
    z: z.number().nullable().optional(),
    p: z.number().nullable().optional(),
  })
  .openapi('AttentionReason');

export const Attention = z
  .object({
    level: z.string(),
    within: z.string(),
    period: Period,
    previous_period: Period,
    items: z.array(
      z.object({ entity: EntitySummary, reasons: z.array(Reason), current: Snapshot.extend({ review_count: z.number().int() }), previous: Snapshot }),
    ),
  })
  .openapi('NeedsAttention');
