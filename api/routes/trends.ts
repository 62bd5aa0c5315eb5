import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import type { TrendRow } from '../../db/queries/api-rollups';
import { getChildrenSeries, type SeriesPoint } from '../../db/queries/rollups';
import { csvResponse } from '../http/csv';
import { trendBatcher } from '../http/trend-batch';
import { requires } from '../middleware/auth';
import { periodRange, periodStarts } from '../periods';
import { handle, newRouter } from '../router';
import { authorizedEntity, authorizeMany, summary } from '../subjects';
import { errors, jsonOrCsv, security } from './common.schemas';
import { TREND_METRICS, Trends, TrendsQuery, type TrendMetric } from './trends.schemas';

/**
 * Series of an entity from the rollups: raw and shrunk rating (with its
 * interval), volume, sentiment, response rate and the Reputation Index, per
 * week, month, quarter or rolling 90 days. Periods without reviews are filled
 * in with zero counts and null ratings so every series has the same x axis.
 */
const trendsRoute = createRoute({
  method: 'get', path: '/trends', tags: ['trends'], security,
  summary: 'Reputation series of an entity (optionally by source and with its children)',
  middleware: [requires('read')] as const,
  request: { query: TrendsQuery },
  responses: { 200: jsonOrCsv(Trends, 'Series'), ...errors(400, 403, 404) },
});

const fieldsOf: Record<TrendMetric, string[]> = {
  volume: ['review_count', 'rated_count', 'removed_count'],
  rating: ['rating_avg'],
  shrunk: ['shrunk_rating', 'shrunk_low', 'shrunk_high'],
  sentiment: ['sentiment_avg'],
  response_rate: ['response_rate', 'responded_count', 'response_hours_median'],
  reputation_index: ['reputation_index'],
};

type Fields = Record<string, number | null>;

/** A period without reviews. */
const EMPTY: Fields = {
  review_count: 0, rated_count: 0, removed_count: 0, rating_avg: null, shrunk_rating: null, shrunk_low: null, shrunk_high: null,
  sentiment_avg: null, response_rate: null, responded_count: 0, response_hours_median: null, reputation_index: null,
};

function rowFields(r: TrendRow): Fields {
  return {
    review_count: r.review_count ?? 0,
    rated_count: r.rated_count ?? 0,
    removed_count: r.removed_count ?? 0,
    rating_avg: r.rating_avg ?? null,
    shrunk_rating: r.shrunk_rating ?? null,
    shrunk_low: r.shrunk_low ?? null,
    shrunk_high: r.shrunk_high ?? null,
    sentiment_avg: r.sentiment_avg ?? null,
    response_rate: r.review_count > 0 ? r.responded_count / r.review_count : null,
    responded_count: r.responded_count ?? 0,
    response_hours_median: r.response_hours_median ?? null,
    reputation_index: r.reputation_index ?? null,
  };
}

function pointFields(p: SeriesPoint): Fields {
  return {
    review_count: p.reviewCount ?? 0,
    rated_count: p.ratedCount ?? 0,
    removed_count: p.removedCount ?? 0,
    rating_avg: p.ratingAvg ?? null,
    shrunk_rating: p.shrunkRating ?? null,
    shrunk_low: p.shrunkLow ?? null,
    shrunk_high: p.shrunkHigh ?? null,
    sentiment_avg: p.sentimentAvg ?? null,
    response_rate: p.responseRate ?? null,
    responded_count: p.respondedCount ?? 0,
    response_hours_median: p.responseHoursMedian ?? null,
    reputation_index: p.reputationIndex ?? null,
  };
}

export function trendsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;
  const readTrend = trendBatcher(db);

  handle(app, trendsRoute, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    const entity = await authorizedEntity(db, principal, q.entity, 'read');
    const { from, to } = periodRange(q.granularity, q.from, q.to);
    const metrics = q.metrics ?? [...TREND_METRICS];
    const fields = metrics.flatMap((m) => fieldsOf[m]);
    const starts = periodStarts(q.granularity, from, to);
    const base = { entityKind: entity.kind, entityId: entity.id, periodKind: q.granularity, from, to };
    const allKey = q.include_removed ? '*+removed' : '*';

    const fill = (byStart: Map<string, Fields>) =>
      starts.map((start) => {
        const all = byStart.get(start) ?? EMPTY;
        const point: Record<string, string | number | null> = { period_start: start };
        for (const f of fields) point[f] = all[f] ?? null;
        return point;
      });
    const me = summary(entity);
    type Series = { entity: { kind: string; id: number; name: string }; source: string; role: 'entity' | 'child'; points: ReturnType<typeof fill> };
    // Cells by source key; rows come ordered by source key (the database's collation, as before), so single sources keep that order.
    const bySource = new Map<string, Map<string, Fields>>([[allKey, new Map()]]);
    for (const r of await readTrend({ kind: entity.kind, periodKind: q.granularity, from, to, allKey, bySource: q.split === 'source' }, entity.id)) {
      let cells = bySource.get(r.source_key);
      if (!cells) bySource.set(r.source_key, (cells = new Map()));
      cells.set(r.period_start, rowFields(r));
    }
    const series: Series[] = [...bySource].map(([key, cells]) => ({ entity: me, source: key, role: 'entity' as const, points: fill(cells) }));
    if (q.compare === 'children') {
      const children = await getChildrenSeries(db, { ...base, sourceKey: allKey, light: true });
      await authorizeMany(db, principal, 'read', children.map((ch) => ({ kind: ch.entityKind, id: ch.entityId })));
      for (const ch of children)
        series.push({
          entity: { kind: ch.entityKind, id: ch.entityId, name: ch.name }, source: allKey, role: 'child' as const,
          points: fill(new Map(ch.points.map((p) => [p.periodStart, pointFields(p)]))),
        });
    }

    if (q.format === 'csv') {
      const rows = series.flatMap((s) =>
        s.points.map((p) => ({ entity_kind: s.entity.kind, entity_id: s.entity.id, entity_name: s.entity.name, source: s.source, ...p })),
      );
      return csvResponse(c, `trends-${entity.kind}-${entity.id}-${q.granularity}.csv`, ['entity_kind', 'entity_id', 'entity_name', 'source', 'period_start', ...fields], rows);
    }
    return c.json({ entity: me, granularity: q.granularity, from, to, metrics, series });
  });

  return app;
}
