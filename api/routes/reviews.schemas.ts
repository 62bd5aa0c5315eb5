import { z } from '@hono/zod-openapi';
import { bigIdSchema, boolQuery, calendarDate, checkRange, cursorSchema, entityRef, formatSchema, limitSchema, PageMeta } from './common.schemas';

/** Review search, review detail and the attribution queue. */
const sourceList = z
  .string()
  .max(400)
  .regex(/^[a-z0-9:._-]+(,[a-z0-9:._-]+)*$/, 'must be source keys separated by commas, e.g. trustpilot,yelp')
  .transform((v) => v.split(','))
  .openapi({ example: 'trustpilot,google-maps' });
const stars = z.coerce.number().min(1).max(5);
const sentiment = z.coerce.number().min(-1).max(1);

export const ReviewsQuery = z
  .object({
    entity: entityRef.optional(),
    source: sourceList.optional(),
    stars_min: stars.optional(),
    stars_max: stars.optional(),
    sentiment_min: sentiment.optional().openapi({ description: 'Sentiment score, -1..1.' }),
    sentiment_max: sentiment.optional(),
    theme: z.string().min(1).max(100).optional(),
    from: calendarDate.optional().openapi({ description: 'Published on or after (UTC date).' }),
    to: calendarDate.optional().openapi({ description: 'Published on or before (UTC date).' }),
    responded: boolQuery.optional().openapi({ description: 'Has an owner response.' }),
    removed: boolQuery.optional().openapi({ description: 'Removed from the site since we saw it.' }),
    attribution_method: z.enum(['profile', 'tag', 'text']).optional(),
    q: z.string().min(1).max(200).optional().openapi({ description: 'Text search in title and text.' }),
    search: z.enum(['contains', 'words']).default('contains').openapi({ description: 'contains = substring; words = full-text (websearch syntax).' }),
    limit: limitSchema,
    cursor: cursorSchema,
    format: formatSchema,
  })
  .superRefine((q, ctx) => {
    checkRange(q, ctx);
    if (q.stars_min !== undefined && q.stars_max !== undefined && q.stars_min > q.stars_max)
      ctx.addIssue({ code: 'custom', path: ['stars_max'], message: `must not be below stars_min (${q.stars_min})` });
    if (q.sentiment_min !== undefined && q.sentiment_max !== undefined && q.sentiment_min > q.sentiment_max)
      ctx.addIssue({ code: 'custom', path: ['sentiment_max'], message: `must not be below sentiment_min (${q.sentiment_min})` });
  });

const AttributionBrief = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  person_name: z.string(),
  method: z.string(),
  status: z.string(),
  confidence: z.number(),
});

export const Review = z
  .object({
    id: z.number().int(),
    source: z.string(),
    target_id: z.number().int(),
    entity_kind: z.string().openapi({ description: 'Level of the profile the review was crawled from.' }),
    location_id: z.number().int().nullable(),
    person_id: z.number().int().nullable(),
    rating: z.number().nullable().openapi({ description: 'On the common 1..5 scale.' }),
    rating_raw: z.number().nullable(),
    rating_scale: z.number(),
    title: z.string().nullable(),
    text: z.string().nullable(),
    language: z.string().nullable(),
    author_name: z.string().nullable(),
    published_at: z.string().nullable(),
    first_seen_at: z.string(),
    url: z.string().nullable(),
    owner_response: z.object({ text: z.string(), at: z.string().nullable() }).nullable(),
    removed_at: z.string().nullable(),
    version: z.number().int(),
    sentiment: z.number().nullable(),
    sentiment_label: z.string().nullable(),
    themes: z.array(z.object({ theme: z.string(), polarity: z.number() })),
    attributions: z.array(AttributionBrief),
  })
  .openapi('Review');

export const ReviewList = z.object({ items: z.array(Review), ...PageMeta }).openapi('ReviewList');

export const ReviewDetail = Review.extend({
  text_original: z.string().nullable(),
  translated_text: z.string().nullable(),
  sub_ratings: z.record(z.string(), z.number()),
  employee_tags: z.array(z.object({ name: z.string() }).passthrough()),
  last_seen_at: z.string(),
  published_precision: z.string().nullable(),
  combined_score: z.number().nullable(),
  themes: z.array(z.object({ theme: z.string(), polarity: z.number(), quote: z.string().nullable() })),
  attributions: z.array(
    AttributionBrief.extend({ evidence: z.string().nullable(), decided_by: z.string().nullable(), decided_at: z.string().nullable() }),
  ),
  versions: z.array(
    z.object({
      version: z.number().int(),
      seen_at: z.string(),
      rating: z.number().nullable(),
      title: z.string().nullable(),
      text: z.string().nullable(),
      owner_response_text: z.string().nullable(),
      changed_fields: z.array(z.string()),
    }),
  ),
}).openapi('ReviewDetail');

export const QueueQuery = z.object({ entity: entityRef.optional(), limit: limitSchema, cursor: cursorSchema, format: formatSchema });

export const QueueItem = z
  .object({
    id: z.number().int(),
    review: z.object({ id: z.number().int(), source: z.string(), rating: z.number().nullable(), text: z.string().nullable(), published_at: z.string().nullable(), location_id: z.number().int().nullable() }),
    person: z.object({ id: z.number().int(), name: z.string(), location_id: z.number().int().nullable(), team: z.string().nullable() }),
    method: z.string(),
    confidence: z.number(),
    evidence: z.string().nullable(),
    pattern: z.string().nullable().openapi({ description: 'The words the decision will be remembered for.' }),
    status: z.string(),
    created_at: z.string(),
  })
  .openapi('AttributionQueueItem');

export const QueueList = z.object({ items: z.array(QueueItem), ...PageMeta }).openapi('AttributionQueue');

export const DecisionResult = z
  .object({
    attribution: QueueItem,
    rule: z.object({ id: z.number().int(), pattern: z.string(), location_id: z.number().int().nullable(), person_id: z.number().int().nullable() }).nullable(),
    also_decided: z
      .array(z.object({ id: z.number().int(), status: z.enum(['confirmed', 'rejected']) }))
      .openapi({ description: 'Other pending attributions the remembered rule settled at once.' }),
  })
  .openapi('AttributionDecisionResult');

export const ReviewIdParams = z.object({ id: bigIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });
