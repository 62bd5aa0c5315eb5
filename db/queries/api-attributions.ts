import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind } from '../types';

/**
 * The attribution review queue: attributions the processing job was not sure
 * enough about (status pending), and the decisions people take on them.
 */
type Db = Kysely<Database>;

export interface QueueRow {
  id: number;
  review_id: number;
  person_id: number;
  person_name: string;
  person_location_id: number | null;
  person_team: string | null;
  method: string;
  confidence: number;
  evidence: string | null;
  status: string;
  created_at: Date;
  review_location_id: number | null;
  review_rating: number | null;
  review_text: string | null;
  review_published_at: Date | null;
  source_key: string;
}

const queueSelect = sql`a.id, a.review_id, a.person_id, p.display_name as person_name, p.location_id as person_location_id,
  p.team as person_team, a.method, a.confidence, a.evidence, a.status, a.created_at, r.location_id as review_location_id,
  r.rating as review_rating, r.text as review_text, r.published_at as review_published_at, s.key as source_key`;

export async function listPendingAttributions(
  db: Db,
  f: { entity: { kind: EntityKind; id: number }; afterId?: number; limit: number },
): Promise<QueueRow[]> {
  const scope =
    f.entity.kind === 'company'
      ? sql`r.organization_id = ${f.entity.id}`
      : f.entity.kind === 'location'
        ? sql`(r.location_id = ${f.entity.id} or p.location_id = ${f.entity.id})`
        : sql`a.person_id = ${f.entity.id}`;
  const result = await sql<QueueRow>`
    select ${queueSelect}
    from attributions a
    join people p on p.id = a.person_id
    join reviews r on r.id = a.review_id
    join sources s on s.id = r.source_id
    where a.status = 'pending' and ${scope} ${f.afterId !== undefined ? sql`and a.id > ${f.afterId}` : sql``}
    order by a.id
    limit ${f.limit + 1}`.execute(db);
  return result.rows;
}

export async function getAttribution(db: Db, id: number): Promise<QueueRow | undefined> {
  const result = await sql<QueueRow>`
    select ${queueSelect}
    from attributions a
    join people p on p.id = a.person_id
    join reviews r on r.id = a.review_id
    join sources s on s.id = r.source_id
    where a.id = ${id}`.execute(db);
  return result.rows[0];
}

/**
 * Records a decision and remembers it as a rule for the same words at the same
 * location (replacing an earlier rule for them: the latest decision wins).
 * The caller passes the other pending attributions the rule settles at once
 * (confirmIds / rejectIds), so the queue does not ask the same question twice.
 * Rollups pick the change up on their next refresh.
 */
export async function decideAttribution(
  db: Db,
  d: { id: number; decision: 'confirmed' | 'rejected'; by: string; pattern: string | null; locationId: number | null; personId: number; confirmIds: number[]; rejectIds: number[] },
): Promise<{ ruleId: number | null; decided: { id: number; status: 'confirmed' | 'rejected' }[] }> {
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx.updateTable('attributions').set({ status: d.decision, decided_by: d.by, decided_at: now }).where('id', '=', d.id).execute();
    const decided: { id: number; status: 'confirmed' | 'rejected' }[] = [];
    for (const [status, ids] of [['confirmed', d.confirmIds], ['rejected', d.rejectIds]] as const) {
      if (!ids.length) continue;
      const rows = await trx
        .updateTable('attributions')
        .set({ status, decided_by: d.by, decided_at: now })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .returning('id')
        .execute();
      decided.push(...rows.map((r) => ({ id: r.id, status })));
    }
    if (d.pattern === null) return { ruleId: null, decided };
    let del = trx.deleteFrom('attribution_rules').where('pattern', '=', d.pattern);
    del = d.locationId === null ? del.where('location_id', 'is', null) : del.where('location_id', '=', d.locationId);
    await del.execute();
    const rule = await trx
      .insertInto('attribution_rules')
      .values({ pattern: d.pattern, location_id: d.locationId, person_id: d.decision === 'confirmed' ? d.personId : null, created_by: d.by })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ruleId: rule.id, decided };
  });
}

/** Pending attributions of reviews at a location (null: reviews without one), to apply a rule to. */
export async function pendingAtLocation(db: Db, locationId: number | null) {
  let q = db
    .selectFrom('attributions as a')
    .innerJoin('reviews as r', 'r.id', 'a.review_id')
    .select(['a.id', 'a.review_id', 'a.person_id', 'a.evidence'])
    .where('a.status', '=', 'pending');
  q = locationId === null ? q.where('r.location_id', 'is', null) : q.where('r.location_id', '=', locationId);
  return q.execute();
}
