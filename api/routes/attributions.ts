import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { decideAttribution, getAttribution, listPendingAttributions, pendingAtLocation, type QueueRow } from '../../db/queries/api-attributions';
import { normaliseName } from '../../processing/attribution';
import { csvResponse } from '../http/csv';
import { decodeCursor, paginate } from '../http/pagination';
import { requires } from '../middleware/auth';
import { authorizeAny, type Subject } from '../policy';
import { iso } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity } from '../subjects';
import { errors, json, jsonOrCsv, security } from './common.schemas';
import { DecisionResult, QueueList, QueueQuery, ReviewIdParams } from './reviews.schemas';

/**
 * The attribution review queue. A decision is remembered as an
 * attribution_rules row keyed on the matched words (the same normalised key
 * the attribution library uses), so the processing job applies it to every
 * later review with those words at that location.
 */
const tags = ['reviews'];

const queueRoute = createRoute({
  method: 'get', path: '/attributions/queue', tags, security,
  summary: 'Pending attributions waiting for a human decision',
  middleware: [requires('read')] as const,
  request: { query: QueueQuery },
  responses: { 200: jsonOrCsv(QueueList, 'A page of the queue, oldest first'), ...errors(400, 403, 404) },
});
const decisionRoute = (decision: 'confirm' | 'reject') =>
  createRoute({
    method: 'post', path: `/attributions/{id}/${decision}`, tags, security,
    summary: decision === 'confirm' ? 'Confirm: the review is about this person' : 'Reject: these words do not mean anyone here',
    description:
      decision === 'confirm'
        ? 'Remembers "these words at this location mean this person": other pending readings of the same words there are confirmed (same person) or rejected (anyone else) at once.'
        : 'Remembers "these words at this location mean nobody": other pending readings of the same words there are rejected at once.',
    middleware: [requires('decide:attributions')] as const,
    request: { params: ReviewIdParams },
    responses: { 200: json(DecisionResult, 'Decision stored'), ...errors(400, 403, 404, 409) },
  });

/** The words an attribution was read from, from its evidence ('text "Mike R.": …' or 'tag "Adrian Cortes": …'). */
export function patternFromEvidence(evidence: string | null): string | null {
  const m = evidence ? /^(?:tag|text) "(.+?)": /.exec(evidence) : null;
  const pattern = m ? normaliseName(m[1]!) : '';
  return pattern || null;
}

function present(a: QueueRow) {
  return {
    id: a.id,
    review: { id: a.review_id, source: a.source_key, rating: a.review_rating, text: a.review_text, published_at: iso(a.review_published_at), location_id: a.review_location_id },
    person: { id: a.person_id, name: a.person_name, location_id: a.person_location_id, team: a.person_team },
    method: a.method,
    confidence: a.confidence,
    evidence: a.evidence,
    pattern: patternFromEvidence(a.evidence),
    status: a.status,
    created_at: iso(a.created_at)!,
  };
}

export function attributionsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, queueRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await listPendingAttributions(db, { entity, afterId: after?.[0] as number | undefined, limit: q.limit });
    const page = paginate(rows, q.limit, (r) => [r.id]);
    const items = page.items.map(present);
    if (q.format === 'csv')
      return csvResponse(
        c,
        'attribution-queue.csv',
        ['id', 'review_id', 'review_rating', 'review_text', 'person_id', 'person_name', 'method', 'confidence', 'evidence', 'pattern', 'created_at'],
        items.map((i) => ({ ...i, review_id: i.review.id, review_rating: i.review.rating, review_text: i.review.text, person_id: i.person.id, person_name: i.person.name })),
        page.next_cursor,
      );
    return c.json({ items, next_cursor: page.next_cursor });
  });

  for (const decision of ['confirm', 'reject'] as const) {
    handle(app, decisionRoute(decision), async (c) => {
      const { id } = c.req.valid('param');
      const principal = c.get('principal');
      const a = await getAttribution(db, id);
      if (!a) {
        if (principal.role === 'manager') throw new AppError('FORBIDDEN', `This manager key does not cover attribution ${id}.`);
        throw new AppError('NOT_FOUND', `Attribution ${id} does not exist.`, { param: 'path.id' });
      }
      const subjects: Subject[] = [{ kind: 'person', id: a.person_id, locationId: a.person_location_id, team: a.person_team }];
      if (a.review_location_id !== null) subjects.push({ kind: 'location', id: a.review_location_id });
      authorizeAny(principal, 'decide:attributions', subjects);
      if (a.status !== 'pending')
        throw new AppError('CONFLICT', `Attribution ${id} was already decided (${a.status}).`, { param: 'path.id' });
      const pattern = patternFromEvidence(a.evidence);
      const status = decision === 'confirm' ? 'confirmed' : 'rejected';
      // The rule settles every pending reading of the same words at this location: the same person's are
      // confirmed (or rejected), other people's rejected (a confirmation says who the words mean).
      const same = pattern === null ? [] : (await pendingAtLocation(db, a.review_location_id)).filter((p) => p.id !== a.id && patternFromEvidence(p.evidence) === pattern);
      const confirmIds = status === 'confirmed' ? same.filter((p) => p.person_id === a.person_id).map((p) => p.id) : [];
      const rejectIds = same.filter((p) => !confirmIds.includes(p.id)).map((p) => p.id);
      const by = `api-key:${principal.name}`;
      const result = await decideAttribution(db, { id, decision: status, by, pattern, locationId: a.review_location_id, personId: a.person_id, confirmIds, rejectIds });
      const updated = (await getAttribution(db, id))!;
      return c.json({
        attribution: present(updated),
        rule:
          result.ruleId === null
            ? null
            : { id: result.ruleId, pattern: pattern!, location_id: a.review_location_id, person_id: status === 'confirmed' ? a.person_id : null },
        also_decided: result.decided,
      });
    });
  }

  return app;
}
