import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind, PeriodKind } from '../types';

/** Reads and deletes of internal CX scores for the API. */
type Db = Kysely<Database>;

export interface CxFilter {
  /** Rows of these entities (one kind per group). */
  entities: { kind: EntityKind; ids: number[] }[];
  metric?: string;
  periodKind?: PeriodKind;
  from?: string;
  to?: string;
  batch?: string;
}

export async function listCx(db: Db, f: CxFilter, page: { afterId?: number; limit: number }) {
  let q = db.selectFrom('cx_scores').selectAll();
  const groups = f.entities.filter((g) => g.ids.length);
  if (!groups.length) return [];
  q = q.where((eb) => eb.or(groups.map((g) => eb.and([eb('entity_kind', '=', g.kind), eb('entity_id', 'in', g.ids)]))));
  if (f.metric) q = q.where('metric', '=', f.metric);
  if (f.periodKind) q = q.where('period_kind', '=', f.periodKind);
  if (f.from) q = q.where('period_start', '>=', f.from);
  if (f.to) q = q.where('period_start', '<=', f.to);
  if (f.batch) q = q.where('import_batch', '=', f.batch);
  if (page.afterId !== undefined) q = q.where('id', '>', page.afterId);
  return q.orderBy('id').limit(page.limit + 1).execute();
}

export async function getCx(db: Db, id: number) {
  return db.selectFrom('cx_scores').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteCxRow(db: Db, id: number): Promise<number> {
  const r = await db.deleteFrom('cx_scores').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export async function deleteCxBatch(db: Db, batch: string): Promise<number> {
  const r = await db.deleteFrom('cx_scores').where('import_batch', '=', batch).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export interface CxPoint {
  entity_id: number;
  period_start: string;
  value: number;
  responses: number | null;
  transactions: number | null;
}

/** One metric of several entities of one kind over a range of periods. */
export async function cxSeries(db: Db, kind: EntityKind, ids: readonly number[], metric: string, periodKind: PeriodKind, from: string, to: string): Promise<CxPoint[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('cx_scores')
    .select(['entity_id', 'period_start', 'value', 'responses', 'transactions'])
    .where('entity_kind', '=', kind)
    .where(sql<boolean>`entity_id = any(${[...ids]}::int[])`)
    .where('metric', '=', metric)
    .where('period_kind', '=', periodKind)
    .where('period_start', '>=', from)
    .where('period_start', '<=', to)
    .orderBy('entity_id')
    .orderBy('period_start')
    .execute();
}
