import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';

/**
 * Dumps of the derived tables for "same result" assertions. Surrogate ids and
 * wall-clock columns are left out: identity values consumed by a rolled-back
 * transaction are never reused, and timestamps differ between runs by nature.
 */
const DERIVED: Record<string, { order: string; drop: string[] }> = {
  review_scores: { order: 'review_id', drop: ['scored_at'] },
  review_themes: { order: 'review_id, theme', drop: [] },
  attributions: { order: 'review_id, person_id', drop: ['id', 'created_at', 'decided_at'] },
  processing_quarantine: { order: 'review_id, content_hash', drop: ['id', 'created_at'] },
  rollups: { order: 'entity_kind, entity_id, period_kind, period_start, source_key', drop: ['computed_at'] },
};

/** The rollups' own bookkeeping: dumped on request only (a table's full key orders it). */
const ROLLUP_INPUTS: Record<string, { order: string; drop: string[] }> = {
  rollup_facts: { order: 'review_id, entity_kind, entity_id', drop: [] },
  rollup_days: { order: 'entity_kind, entity_id, day, source_key, removed', drop: [] },
  rollup_theme_days: { order: 'entity_kind, entity_id, day, theme, source_key, removed', drop: [] },
};

export async function dumpTable(db: Kysely<Database>, table: keyof typeof DERIVED | string): Promise<Record<string, unknown>[]> {
  const spec = DERIVED[table] ?? ROLLUP_INPUTS[table] ?? { order: '1', drop: [] };
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(spec.order)}`.execute(db);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !spec.drop.includes(k))));
}

export async function dumpDerived(db: Kysely<Database>, opts: { rollups?: boolean } = {}) {
  const out: Record<string, unknown[]> = {};
  for (const t of Object.keys(DERIVED)) if (t !== 'rollups' || opts.rollups) out[t] = await dumpTable(db, t);
  const { rows } = await sql<{ review_id: number }>`select review_id from processing_queue order by review_id`.execute(db);
  out.pending = rows;
  return out;
}
