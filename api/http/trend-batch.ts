import type { Kysely } from 'kysely';
import { groupBy } from '../../core/group-by';
import { trendRows, type TrendRow, type TrendShape } from '../../db/queries/api-rollups';
import type { Database } from '../../db/types';
import { batchedByShape, type BatchedRead } from './batch-by-shape';

/** Trend series, read in batches across concurrent requests (see batch-by-shape.ts). */
export function trendBatcher(db: Kysely<Database>, maxBatchSize?: number): BatchedRead<TrendShape, TrendRow[]> {
  return batchedByShape({
    shapeKey: (s) => `${s.kind}|${s.periodKind}|${s.from}|${s.to}|${s.allKey}|${s.bySource ? 1 : 0}`,
    readMany: async (shape, ids) => groupBy(await trendRows(db, shape, ids), (r) => r.entity_id),
    none: () => [],
    maxBatchSize,
  });
}
