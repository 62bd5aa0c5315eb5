import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { attributionsFor, getReview, reviewPeople, reviewThemesFor, reviewVersions, searchReviews, type ReviewListDetailRow, type ReviewListRow } from '../../db/queries/api-reviews';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { authorizeAny, type Subject } from '../policy';
import { iso } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { errors, json, jsonOrCsv, security } from './common.schemas';
import { ReviewDetail, ReviewIdParams, ReviewList, ReviewsQuery } from './reviews.schemas';

/** Review search (everything beneath an entity, many filters) and one review with its history. */
const listRoute = createRoute({
  method: 'get', path: '/reviews', tags: ['reviews'], security,
  summary: 'Search reviews beneath an entity',
  description: 'Newest first (undated reviews first). Filters combine with AND.',
  middleware: [requires('read')] as const,
  request: { query: ReviewsQuery },
  responses: { 200: jsonOrCsv(ReviewList, 'A page of reviews'), ...errors(400, 403, 404) },
});
const getRoute = createRoute({
  method: 'get', path: '/reviews/{id}', tags: ['reviews'], security,
  summary: 'One review: versions, owner response, scores, themes, attributions',
  middleware: [requires('read')] as const,
  request: { params: ReviewIdParams },
  responses: { 200: json(ReviewDetail, 'The review'), ...errors(400, 403, 404) },
});

function presentReview(r: ReviewListRow, themes: ReviewListDetailRow['themes'], attributions: ReviewListDetailRow['attributions']) {
  return {
    id: r.id,
    source: r.source_key,
    target_id: r.target_id,
    entity_kind: r.entity_kind,
    location_id: r.location_id,
    person_id: r.person_id,
    rating: r.rating,
    rating_raw: r.rating_raw,
    rating_scale: r.rating_scale,
    title: r.title,
    text: r.text,
    language: r.language,
    author_name: r.author_name,
    published_at: iso(r.published_at),
    first_seen_at: iso(r.first_seen_at)!,
    url: r.url,
    owner_response: r.owner_response_text === null ? null : { text: r.owner_response_text, at: iso(r.owner_response_at) },
    removed_at: iso(r.removed_at),
    version: r.version,
    sentiment: r.sentiment,
    sentiment_label: r.sentiment_label,
    themes: themes.map((t) => ({ theme: t.theme, polarity: t.polarity })),
    attributions: attributions.map((a) => ({ id: a.id, person_id: a.person_id, person_name: a.display_name, method: a.method, status: a.status, confidence: a.confidence })),
  };
}

const csvColumns = [
  'id', 'source', 'published_at', 'rating', 'title', 'text', 'author_name', 'language', 'location_id', 'person_id', 'sentiment',
  'sentiment_label', 'themes', 'attributed_people', 'responded', 'owner_response_text', 'removed_at', 'url',
];

export function reviewsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, listRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    const after = decodeCursor(q.cursor, ['string?', 'number']);
    const rows = await searchReviews(
      db,
      {
        entity: { kind: entity.kind, id: entity.id },
        sources: q.source,
        starsMin: q.stars_min,
        starsMax: q.stars_max,
        sentimentMin: q.sentiment_min,
        sentimentMax: q.sentiment_max,
        theme: q.theme,
        from: q.from,
        to: q.to,
        responded: q.responded,
        removed: q.removed,
        attributionMethod: q.attribution_method,
        q: q.q,
        searchMode: q.search,
      },
      { after: after ? { publishedAt: after[0] as string | null, id: after[1] as number } : undefined, limit: q.limit },
    );
    const page = paginate(rows, q.limit, (r) => [r.published_key, r.id]);
    const items = page.items.map((r) => presentReview(r, r.themes, r.attributions));
    if (q.format === 'csv')
      return csvResponse(
        c,
        `reviews-${entity.kind}-${entity.id}.csv`,
        csvColumns,
        items.map((r) => ({
          ...r,
          themes: r.themes.map((t) => t.theme).join('; '),
          attributed_people: r.attributions.filter((a) => a.status !== 'rejected').map((a) => a.person_name).join('; '),
          responded: r.owner_response !== null,
          owner_response_text: r.owner_response?.text ?? null,
        })),
        page.next_cursor,
      );
    return c.json({ items, next_cursor: page.next_cursor });
  });

  handle(app, getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const review = await getReview(db, id);
    if (!review) {
      if (principal.role === 'manager') throw new AppError('FORBIDDEN', `This manager key does not cover review ${id}.`);
      throw new AppError('NOT_FOUND', `Review ${id} does not exist.`, { param: 'path.id' });
    }
    // A review belongs to its company, its location and the people it counts for; any one the key covers will do.
    const subjects: Subject[] = [{ kind: 'company', id: review.organization_id }];
    if (review.location_id !== null) subjects.push({ kind: 'location', id: review.location_id });
    for (const p of await reviewPeople(db, id)) subjects.push({ kind: 'person', id: p.id, locationId: p.location_id, team: p.team });
    authorizeAny(principal, 'read', subjects);
    const [themes, attributions, versions] = await Promise.all([reviewThemesFor(db, [id]), attributionsFor(db, [id]), reviewVersions(db, id)]);
    const base = presentReview(review, themes, attributions);
    return c.json({
      ...base,
      text_original: review.text_original,
      translated_text: review.translated_text,
      sub_ratings: review.sub_ratings ?? {},
      employee_tags: Array.isArray(review.employee_tags) ? review.employee_tags : [],
      last_seen_at: iso(review.last_seen_at)!,
      published_precision: review.published_precision,
      combined_score: review.combined,
      themes: themes.map((t) => ({ theme: t.theme, polarity: t.polarity, quote: t.quote })),
      attributions: attributions.map((a) => ({
        id: a.id, person_id: a.person_id, person_name: a.display_name, method: a.method, status: a.status, confidence: a.confidence,
        evidence: a.evidence, decided_by: a.decided_by, decided_at: iso(a.decided_at),
      })),
      versions: versions.map((v) => ({ ...v, seen_at: iso(v.seen_at)!, changed_fields: Array.isArray(v.changed_fields) ? v.changed_fields : [] })),
    });
  });

  return app;
}
