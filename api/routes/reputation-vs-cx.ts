import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { groupBy } from '../../core/group-by';
import { cxSeries, type CxPoint } from '../../db/queries/api-cx';
import { getChildrenSeries, getSeries, type SeriesPoint } from '../../db/queries/rollups';
import type { PeriodKind } from '../../db/types';
import { bestLag, gapList, pearson, spearman, type CorrelationResult } from '../../processing/stats';
import { csvResponse } from '../http/csv';
import { singleFlight } from '../http/single-flight';
import { requires } from '../middleware/auth';
import { periodRange, periodStarts } from '../periods';
import { handle, newRouter } from '../router';
import { authorizedEntity, authorizeMany, summary } from '../subjects';
import { errors, jsonOrCsv, security } from './common.schemas';
import { RepVsCx, RepVsCxQuery } from './reputation-vs-cx.schemas';

/**
 * Leadership's question: does public reputation follow internal CX, and where
 * not? Both series are put on the same periods; the entity's own series gives
 * Pearson and Spearman (with n and a 95% interval) and the lag at which they
 * agree best (which one leads); its children are standardised against each
 * other on both measures to list where the two disagree, in both directions.
 */
const route = createRoute({
  method: 'get', path: '/reputation-vs-cx', tags: ['cx'], security, middleware: [requires('read:cx')],
  summary: 'Public reputation against an internal CX metric: correlation, lead/lag, gaps among children',
  request: { query: RepVsCxQuery },
  responses: { 200: jsonOrCsv(RepVsCx, 'Aligned series and statistics'), ...errors(400, 403, 404) },
});

type Measure = 'shrunk_rating' | 'rating_avg' | 'reputation_index' | 'sentiment_avg';
const measureOf = (p: SeriesPoint | undefined, m: Measure): number | null =>
  !p ? null : m === 'shrunk_rating' ? p.shrunkRating : m === 'rating_avg' ? p.ratingAvg : m === 'reputation_index' ? p.reputationIndex : p.sentimentAvg;

const corrOut = (c: CorrelationResult) => ({ r: c.r, n: c.n, ci_low: c.ci?.[0] ?? null, ci_high: c.ci?.[1] ?? null, p: c.p });
const per1000 = (reviews: number, tx: number | null) => (tx && tx > 0 ? (reviews / tx) * 1000 : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** One entity's two series on the given periods. */
function align(starts: string[], rep: SeriesPoint[], cx: CxPoint[], m: Measure) {
  const repBy = new Map(rep.map((p) => [p.periodStart, p]));
  const cxBy = new Map(cx.map((p) => [p.period_start, p]));
  return starts.map((s) => {
    const r = repBy.get(s);
    const x = cxBy.get(s);
    return {
      period_start: s,
      reputation: measureOf(r, m),
      cx: x?.value ?? null,
      review_count: r?.reviewCount ?? 0,
      cx_responses: x?.responses ?? null,
      transactions: x?.transactions ?? null,
      reviews_per_1000_transactions: per1000(r?.reviewCount ?? 0, x?.transactions ?? null),
    };
  });
}

export function reputationVsCxRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, route, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    const entity = await authorizedEntity(db, principal, q.entity, 'read:cx');
    const kind: PeriodKind = q.granularity;
    const { from, to } = periodRange(kind, q.from, q.to);
    const starts = periodStarts(kind, from, to);
    const measure = q.reputation as Measure;
    const base = { entityKind: entity.kind, entityId: entity.id, periodKind: kind, from, to, light: true };

    const [rep, cx, children] = await singleFlight(db, `rep-vs-cx:${JSON.stringify([base, q.metric])}`, () =>
      Promise.all([getSeries(db, base), cxSeries(db, entity.kind, [entity.id], q.metric, kind, from, to), getChildrenSeries(db, base)]),
    );
    // Children's CX is as internal as the parent's, and person-level CX more so: check each.
    await authorizeMany(db, principal, 'read:cx', children.map((ch) => ({ kind: ch.entityKind, id: ch.entityId })));
    const series = align(starts, rep, cx, measure);
    const xs = series.map((p) => p.reputation);
    const ys = series.map((p) => p.cx);
    const lag = bestLag(xs, ys, Math.min(q.max_lag, Math.max(0, starts.length - 1)));

    const childKind = children[0]?.entityKind ?? null;
    const childCx = childKind ? await cxSeries(db, childKind, children.map((ch) => ch.entityId), q.metric, kind, from, to) : [];
    const cxByChild = groupBy(childCx, (x) => x.entity_id);
    const perChild = children.map((ch) => {
      const rows = align(starts, ch.points, cxByChild.get(ch.entityId) ?? [], measure);
      const both = rows.filter((r) => r.reputation !== null && r.cx !== null);
      const tx = rows.reduce((a, r) => a + (r.transactions ?? 0), 0);
      const reviews = rows.reduce((a, r) => a + r.review_count, 0);
      return {
        entity: { kind: ch.entityKind, id: ch.entityId, name: ch.name },
        rows,
        // Means over the periods where both exist, so both measures describe the same months.
        reputation: mean(both.map((r) => r.reputation!)),
        cx: mean(both.map((r) => r.cx!)),
        periods: both.length,
        review_count: reviews,
        transactions: rows.some((r) => r.transactions !== null) ? tx : null,
        missing: rows.some((r) => r.reputation !== null) ? (rows.some((r) => r.cx !== null) ? 'no period with both' : 'cx') : 'reputation',
      };
    });
    const gaps = gapList(perChild.map((ch) => ({ id: `${ch.entity.kind}:${ch.entity.id}`, reputation: ch.reputation, cx: ch.cx })));
    const byId = new Map(perChild.map((ch) => [`${ch.entity.kind}:${ch.entity.id}`, ch]));
    const gapOut = (g: (typeof gaps.items)[number]) => {
      const ch = byId.get(g.id)!;
      return {
        entity: ch.entity, reputation: g.reputation, cx: g.cx, z_reputation: g.zReputation, z_cx: g.zCx, gap: g.gap, periods: ch.periods,
        review_count: ch.review_count, transactions: ch.transactions, reviews_per_1000_transactions: per1000(ch.review_count, ch.transactions),
      };
    };

    const withTx = series.filter((p) => p.transactions !== null && p.transactions > 0);
    const txTotal = withTx.reduce((a, p) => a + p.transactions!, 0);
    const reviewsTotal = withTx.reduce((a, p) => a + p.review_count, 0);

    if (q.format === 'csv') {
      const rows = [
        ...series.map((p) => ({ entity_kind: entity.kind, entity_id: entity.id, name: entity.name, ...p })),
        ...perChild.flatMap((ch) => ch.rows.map((p) => ({ entity_kind: ch.entity.kind, entity_id: ch.entity.id, name: ch.entity.name, ...p }))),
      ];
      return csvResponse(
        c, `reputation-vs-${q.metric}-${entity.kind}-${entity.id}.csv`,
        ['entity_kind', 'entity_id', 'name', 'period_start', 'reputation', 'cx', 'review_count', 'cx_responses', 'transactions', 'reviews_per_1000_transactions'],
        rows,
      );
    }
    return c.json({
      entity: summary(entity),
      metric: q.metric,
      reputation_measure: measure,
      granularity: kind,
      from,
      to,
      series,
      correlation: { pearson: corrOut(pearson(xs, ys)), spearman: corrOut(spearman(xs, ys)) },
      lag: {
        best_lag: lag.lag,
        r: lag.r,
        n: lag.n,
        leader: lag.lag === null ? 'unknown' : lag.lag > 0 ? 'reputation' : lag.lag < 0 ? 'cx' : 'together',
        table: lag.table,
      },
      children: {
        kind: childKind,
        reputation_ahead: gaps.reputationAhead.map(gapOut),
        cx_ahead: gaps.cxAhead.map(gapOut),
        excluded: gaps.excluded.map((id) => ({ entity: byId.get(id)!.entity, missing: byId.get(id)!.missing })),
      },
      volume_per_transaction: txTotal > 0 ? { reviews: reviewsTotal, transactions: txTotal, reviews_per_1000_transactions: (reviewsTotal / txTotal) * 1000 } : null,
    });
  });

  return app;
}
