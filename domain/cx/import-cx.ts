import type { Kysely } from 'kysely';
import { resolveEntity } from '../../db/queries/entities';
import type { Database } from '../../db/types';
import { validateCxRow, type CxRowInput } from './cx-rows';

export interface CxImportReport {
  /** Rows written (new or with a changed value). */
  accepted: number;
  /** Rows identical to what is stored: re-importing a file changes nothing. */
  unchanged: number;
  rejected: { row: number; reason: string }[];
}

/**
 * Imports internal CX rows. Every row is validated; bad rows are reported with
 * their row number (1 = first data row) and reason and the others are stored.
 * All writes happen in one transaction.
 */
export async function importCxRows(db: Kysely<Database>, rows: CxRowInput[], options: { batch?: string } = {}): Promise<CxImportReport> {
  const report: CxImportReport = { accepted: 0, unchanged: 0, rejected: [] };
  await db.transaction().execute(async (trx) => {
    const seen = new Set<string>();
    for (const [i, input] of rows.entries()) {
      const rowNo = i + 1;
      const v = validateCxRow(input);
      if (!v.ok) {
        report.rejected.push({ row: rowNo, reason: v.reason });
        continue;
      }
      const r = v.row;
      const entity = await resolveEntity(trx, r.entityKind, r.entityId !== undefined ? { id: r.entityId } : { externalKey: r.externalKey });
      if (!entity) {
        const ref = r.entityId !== undefined ? `id ${r.entityId}` : `external key "${r.externalKey}"`;
        report.rejected.push({ row: rowNo, reason: `no ${r.entityKind} with ${ref} (or more than one)` });
        continue;
      }
      const dupKey = `${entity.kind}:${entity.id}:${r.metric}:${r.periodKind}:${r.periodStart}`;
      if (seen.has(dupKey)) {
        report.rejected.push({ row: rowNo, reason: `duplicate of an earlier row for the same entity, metric and period` });
        continue;
      }
      seen.add(dupKey);
      const existing = await trx
        .selectFrom('cx_scores')
        .select(['id', 'value', 'responses', 'transactions'])
        .where('entity_kind', '=', entity.kind)
        .where('entity_id', '=', entity.id)
        .where('metric', '=', r.metric)
        .where('period_kind', '=', r.periodKind)
        .where('period_start', '=', r.periodStart)
        .executeTakeFirst();
      if (existing && existing.value === r.value && existing.responses === r.responses && existing.transactions === r.transactions) {
        report.unchanged++;
        continue;
      }
      const values = { value: r.value, responses: r.responses, transactions: r.transactions, import_batch: options.batch ?? null, imported_at: new Date() };
      if (existing) await trx.updateTable('cx_scores').set(values).where('id', '=', existing.id).execute();
      else
        await trx
          .insertInto('cx_scores')
          .values({ entity_kind: entity.kind, entity_id: entity.id, metric: r.metric, period_kind: r.periodKind, period_start: r.periodStart, ...values })
          .execute();
      report.accepted++;
    }
  });
  return report;
}
