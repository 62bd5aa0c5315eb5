import { z } from '@hono/zod-openapi';
import { boolQuery, calendarDate, checkRange, EntitySummary, entityRef, formatSchema, granularitySchema } from './common.schemas';

/** Entity series over time. */
export const TREND_METRICS = ['volume', 'rating', 'shrunk', 'sentiment', 'response_rate', 'reputation_index'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

export const metricList = <T extends readonly [string, ...string[]]>(allowed: T) =>
  z
    .string()
    .max(200)
    .transform((v, ctx) => {
      const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
      const unknown = parts.filter((p) => !(allowed as readonly string[]).includes(p));
      if (unknown.length || !parts.length) {
        ctx.addIssue({ code: 'custom', message: `unknown metric ${JSON.stringify(unknown[0] ?? v)}; allowed: ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(parts)] as T[number][];
    });

export const TrendsQuery = z
  .object({
    entity: entityRef.optional(),
    granularity: granularitySchema,
    from: calendarDate.optional().openapi({ description: 'First period (rounded down to its start). Default: a year or so back.' }),
    to: calendarDate.optional().openapi({ description: 'Last period. Default: the current one.' }),
    metrics: metricList(TREND_METRICS)
      .optional()
      .openapi({ type: 'string', description: `Comma-separated: ${TREND_METRICS.join(', ')}. Default: all.`, example: 'shrunk,volume' }),
    split: z.enum(['none', 'source']).default('none').openapi({ description: 'source: one series per review site as well.' }),
    compare: z.enum(['none', 'children']).default('none').openapi({ description: "children: add the series of the entity's locations or people." }),
    include_removed: boolQuery.default(false).openapi({ description: 'Count reviews since removed from the site (what customers saw then).' }),
    format: formatSchema,
  })
  .superRefine(checkRange);

export const TrendPoint = z
  .object({
    period_start: z.string(),
    review_count: z.number().int().optional(),
    rated_count: z.number().int().optional(),
    removed_count: z.number().int().optional(),
    rating_avg: z.number().nullable().optional().openapi({ description: 'Raw mean rating (1..5).' }),
    shrunk_rating: z.number().nullable().optional().openapi({ description: 'Rating shrunk toward the parent: stable with few reviews.' }),
    shrunk_low: z.number().nullable().optional().openapi({ description: '95% interval of shrunk_rating.' }),
    shrunk_high: z.number().nullable().optional(),
    sentiment_avg: z.number().nullable().optional(),
    response_rate: z.number().nullable().optional().openapi({ description: 'Share of reviews with an owner response.' }),
    responded_count: z.number().int().optional(),
    response_hours_median: z.number().nullable().optional(),
    reputation_index: z.number().nullable().optional(),
  })
  .openapi('TrendPoint');

export const Trends = z
  .object({
    entity: EntitySummary,
    granularity: z.string(),
    from: z.string(),
    to: z.string(),
    metrics: z.array(z.string()),
    series: z.array(
      z.object({
        entity: EntitySummary,
        source: z.string().openapi({ description: '"*" = all sources.' }),
        role: z.enum(['entity', 'child']),
        points: z.array(TrendPoint),
      }),
    ),
  })
  .openapi('Trends');
