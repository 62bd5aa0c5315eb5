import { z } from '@hono/zod-openapi';
import { CX_METRICS } from '../../domain/cx/cx-rows';
import { calendarDate, checkRange, EntitySummary, entityRef, formatSchema } from './common.schemas';

/** Does public reputation follow internal CX scores, and where not? */
export const RepVsCxQuery = z
  .object({
    entity: entityRef.optional(),
    metric: z.enum(Object.keys(CX_METRICS) as [string, ...string[]]).default('NPS').openapi({ description: 'The internal CX metric.' }),
    reputation: z.enum(['shrunk_rating', 'rating_avg', 'reputation_index', 'sentiment_avg']).default('shrunk_rating').openapi({ description: 'The public reputation measure.' }),
    granularity: z.enum(['week', 'month', 'quarter']).default('month'),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    max_lag: z.coerce.number().int().min(0).max(12).default(3).openapi({ description: 'Largest lead/lag tried, in periods.' }),
    format: formatSchema,
  })
  .superRefine(checkRange);

const Corr = z.object({
  r: z.number().nullable(),
  n: z.number().int().openapi({ description: 'Periods with both measures.' }),
  ci_low: z.number().nullable().openapi({ description: '95% interval (Fisher z); null under 4 pairs.' }),
  ci_high: z.number().nullable(),
  p: z.number().nullable(),
});

const GapItem = z.object({
  entity: EntitySummary,
  reputation: z.number(),
  cx: z.number(),
  z_reputation: z.number(),
  z_cx: z.number(),
  gap: z.number().openapi({ description: 'z_reputation − z_cx: > 0 looks better in public than customers tell us internally.' }),
  periods: z.number().int(),
  review_count: z.number().int(),
  transactions: z.number().int().nullable(),
  reviews_per_1000_transactions: z.number().nullable(),
});

export const RepVsCx = z
  .object({
    entity: EntitySummary,
    metric: z.string(),
    reputation_measure: z.string(),
    granularity: z.string(),
    from: z.string(),
    to: z.string(),
    series: z.array(
      z.object({
        period_start: z.string(),
        reputation: z.number().nullable(),
        cx: z.number().nullable(),
        review_count: z.number().int(),
        cx_responses: z.number().int().nullable(),
        transactions: z.number().int().nullable(),
        reviews_per_1000_transactions: z.number().nullable(),
      }),
    ),
    correlation: z.object({ pearson: Corr, spearman: Corr }),
    lag: z.object({
      best_lag: z.number().int().nullable().openapi({ description: '> 0: reputation leads CX by that many periods; < 0: CX leads.' }),
      r: z.number().nullable(),
      n: z.number().int(),
      leader: z.enum(['reputation', 'cx', 'together', 'unknown']),
      table: z.array(z.object({ lag: z.number().int(), r: z.number().nullable(), n: z.number().int(), p: z.number().nullable() })),
    }),
    children: z.object({
      kind: z.string().nullable(),
      reputation_ahead: z.array(GapItem).openapi({ description: 'Public reputation above what internal CX suggests, biggest gap first.' }),
      cx_ahead: z.array(GapItem).openapi({ description: 'Internal CX above public reputation, biggest gap first.' }),
      excluded: z.array(z.object({ entity: EntitySummary, missing: z.string() })),
    }),
    volume_per_transaction: z
      .object({ reviews: z.number().int(), transactions: z.number().int(), reviews_per_1000_transactions: z.number() })
      .nullable()
      .openapi({ description: 'Reviews per 1,000 transactions over the periods that report transactions.' }),
  })
  .openapi('ReputationVsCx');
