import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { rollupCells, unansweredNegatives, type CellRow } from '../../db/queries/api-rollups';
import type { RankingRow } from '../../db/queries/rollups';
import { isSignificantDrop, rankWithMinimum } from '../../processing/stats';
import { csvResponse } from '../http/csv';
import { requires } from '../middleware/auth';
import { cellRange, previousPeriod, shiftPeriod } from '../periods';
import { handle, newRouter } from '../router';
import { errors, jsonOrCsv, security } from './common.schemas';
import { entityOf, halfWidthSe, leagueTables, rankingScope, resolvePeriod } from './rankings-context';
import { Attention, AttentionQuery, Improved, ImprovedQuery, Rankings, RankingsQuery } from './rankings.schemas';

/**
 * League tables from the rollups. Everyone is ranked on the shrunk rating
 * (or the Reputation Index) of one period; those under the minimum number of
 * rated reviews are listed apart and never ranked, so a person with two
 * glowing reviews never tops a table on luck.
 */
const tags = ['rankings'];
const mw = [requires('read')];

const rankingsRoute = createRoute({
  method: 'get', path: '/rankings', tags, security, middleware: mw,
  summary: 'Top or bottom locations or people for a period', request: { query: RankingsQuery },
  responses: { 200: jsonOrCsv(Rankings, 'League table'), ...errors(400, 403, 404) },
});
const improvedRoute = createRoute({
  method: 'get', path: '/rankings/improved', tags, security, middleware: mw,
  summary: 'Most improved, month on month or quarter on quarter', request: { query: ImprovedQuery },
  responses: { 200: jsonOrCsv(Improved, 'Biggest rises first'), ...errors(400, 403, 404) },
});
const attentionRoute = createRoute({
  method: 'get', path: '/rankings/attention', tags, security, middleware: mw,
  summary: 'Needs attention: rating falling, many unanswered negatives, a theme turning negative',
  request: { query: AttentionQuery },
  responses: { 200: jsonOrCsv(Attention, 'Entities with at least one reason'), ...errors(400, 403, 404) },
});

const rowOut = (r: RankingRow & { rank: number }, value: number | null, interval: boolean) => ({
  rank: r.rank,
  entity: entityOf(r),
  location_id: r.locationId,
  team: r.team,
  value,
  low: interval ? r.low : null,
  high: interval ? r.high : null,
  review_count: r.reviewCount,
  rated_count: r.n,
  rating_avg: r.ratingAvg,
});
const notEnough = (r: RankingRow) => ({ entity: entityOf(r), review_count: r.reviewCount, rated_count: r.n });
const snapshot = (r: RankingRow | undefined) => ({ value: r?.shrunk ?? null, low: r?.low ?? null, high: r?.high ?? null, rated_count: r?.n ?? 0 });

/** Sample SD of ratings from the star histogram of a cell. */
function starsSd(cell: CellRow): number {
  const counts = [1, 2, 3, 4, 5].map((s) => Number(cell.stars?.[String(s)] ?? 0));
  const n = counts.reduce((a, b) => a + b, 0);
  if (n < 2) return Number.NaN;
  const mean = counts.reduce((a, c, i) => a + c * (i + 1), 0) / n;
  return Math.sqrt(counts.reduce((a, c, i) => a + c * (i + 1 - mean) ** 2, 0) / (n - 1));
}

export function rankingsRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;
  const minCount = () => ctx.settings.scoring.minReviewsForRank;
  const rowsAt = leagueTables(db);

  handle(app, rankingsRoute, async (c) => {
    const q = c.req.valid('query');
    const scope = await rankingScope(db, c.get('principal'), q.level, q.within);
    const start = await resolvePeriod(db, q.level, q.granularity, q.period_start);
    const head = { level: q.level, within: scope.label, period: { kind: q.granularity, start }, metric: q.metric, order: q.order, min_reviews: minCount() };
    let ranked: ReturnType<typeof rowOut>[] = [];
    let below: ReturnType<typeof notEnough>[] = [];
    // The rows shown, from the top or the bottom of the table, picked before they are shaped: a company's
    // table has 20,000 people, and shaping all of them took a tenth of the answer's time.
    const shown = <T>(rows: T[]) => (q.order === 'bottom' ? rows.slice(-q.limit).reverse() : rows.slice(0, q.limit));
    if (start) {
      const table = await rowsAt(scope, q.granularity, start, minCount());
      if (q.metric === 'shrunk_rating') {
        ranked = shown(table.ranked).map((r) => rowOut(r, r.shrunk, true));
        below = table.notEnoughReviews.map(notEnough);
      } else {
        const all = [...table.ranked, ...table.notEnoughReviews];
        const re = rankWithMinimum(all.map((row) => ({ row, n: row.n, shrunk: row.reputationIndex ?? Number.NaN })), { minCount: minCount() });
        ranked = shown(re.ranked).map((x) => rowOut({ ...x.row, rank: x.rank }, x.row.reputationIndex, false));
        below = re.notEnoughReviews.map((x) => notEnough(x.row));
      }
    }
    if (q.format === 'csv')
      return csvResponse(
        c, `rankings-${q.level}-${q.granularity}-${start ?? 'none'}.csv`,
        ['rank', 'entity_kind', 'entity_id', 'name', 'value', 'low', 'high', 'review_count', 'rated_count', 'rating_avg', 'status'],
        [
          ...ranked.map((r) => ({ ...r, entity_kind: r.entity.kind, entity_id: r.entity.id, name: r.entity.name, status: 'ranked' })),
          ...below.map((r) => ({ ...r, entity_kind: r.entity.kind, entity_id: r.entity.id, name: r.entity.name, status: 'not_enough_reviews' })),
        ],
      );
    return c.json({ ...head, ranked, not_enough_reviews: below });
  });

  handle(app, improvedRoute, async (c) => {
    const q = c.req.valid('query');
    const scope = await rankingScope(db, c.get('principal'), q.level, q.within);
    const start = await resolvePeriod(db, q.level, q.span, q.period_start);
    const prev = start ? shiftPeriod(q.span, start, -1) : null;
    type Item = { rank: number; entity: ReturnType<typeof entityOf>; current: ReturnType<typeof snapshot>; previous: ReturnType<typeof snapshot>; delta: number; delta_low: number | null; delta_high: number | null };
    let items: Item[] = [];
    const below: ReturnType<typeof notEnough>[] = [];
    if (start && prev) {
      const [now, before] = await Promise.all([rowsAt(scope, q.span, start, minCount()), rowsAt(scope, q.span, prev, minCount())]);
      const beforeById = new Map([...before.ranked, ...before.notEnoughReviews].map((r) => [r.entityId, r]));
      for (const r of [...now.ranked, ...now.notEnoughReviews]) {
        const b = beforeById.get(r.entityId);
        // Both periods must clear the minimum: a change measured on two or three reviews is noise.
        if (!b || r.n < minCount() || b.n < minCount() || r.shrunk === null || b.shrunk === null) {
          below.push(notEnough(r));
          continue;
        }
        const seNow = halfWidthSe(r.low, r.high);
        const seBefore = halfWidthSe(b.low, b.high);
        const delta = r.shrunk - b.shrunk;
        const se = seNow !== null && seBefore !== null ? Math.sqrt(seNow ** 2 + seBefore ** 2) : null;
        items.push({ rank: 0, entity: entityOf(r), current: snapshot(r), previous: snapshot(b), delta, delta_low: se === null ? null : delta - 1.959964 * se, delta_high: se === null ? null : delta + 1.959964 * se });
      }
      items.sort((a, b) => b.delta - a.delta);
      items.forEach((it, i) => (it.rank = i > 0 && items[i - 1]!.delta === it.delta ? items[i - 1]!.rank : i + 1));
      items = items.slice(0, q.limit);
    }
    if (q.format === 'csv')
      return csvResponse(
        c, `improved-${q.level}-${q.span}-${start ?? 'none'}.csv`,
        ['rank', 'entity_kind', 'entity_id', 'name', 'current', 'previous', 'delta', 'delta_low', 'delta_high'],
        items.map((i) => ({ ...i, entity_kind: i.entity.kind, entity_id: i.entity.id, name: i.entity.name, current: i.current.value, previous: i.previous.value })),
      );
    return c.json({
      level: q.level, within: scope.label, span: q.span, period: { kind: q.span, start }, previous_period: { kind: q.span, start: prev },
      min_reviews: minCount(), items, not_enough_reviews: below,
    });
  });

  handle(app, attentionRoute, async (c) => {
    const q = c.req.valid('query');
    const scope = await rankingScope(db, c.get('principal'), q.level, q.within);
    const start = await resolvePeriod(db, q.level, q.granularity, q.period_start);
    const prev = start ? previousPeriod(q.granularity, start) : null;
    const items: { entity: ReturnType<typeof entityOf>; reasons: Record<string, unknown>[]; current: ReturnType<typeof snapshot> & { review_count: number }; previous: ReturnType<typeof snapshot> }[] = [];
    if (start && prev) {
      const [now, before] = await Promise.all([rowsAt(scope, q.granularity, start, minCount()), rowsAt(scope, q.granularity, prev, minCount())]);
      const rows = [...now.ranked, ...now.notEnoughReviews];
      const ids = rows.map((r) => r.entityId);
      const range = cellRange(q.granularity, start);
      const [cells, unanswered] = await Promise.all([
        rollupCells(db, q.level, ids, q.granularity, [start, prev]),
        unansweredNegatives(db, { level: q.level, ids, organizationId: scope.organizationId, threshold: ctx.settings.alerts.lowStarThreshold, from: range.from, to: range.to }),
      ]);
      const byCell = new Map(cells.map((x) => [`${x.entity_id}|${x.period_start}`, x]));
      const cell = (id: number, p: string) => byCell.get(`${id}|${p}`);
      const beforeById = new Map([...before.ranked, ...before.notEnoughReviews].map((r) => [r.entityId, r]));
      for (const r of rows) {
        const reasons: Record<string, unknown>[] = [];
        const cur = cell(r.entityId, start);
        const old = cell(r.entityId, prev);
        if (cur && old && old.rating_avg !== null) {
          const drop = isSignificantDrop({ baselineMean: old.rating_avg, baselineSd: starsSd(old), baselineN: old.rated_count, recentSum: cur.rating_sum, recentN: cur.rated_count });
          if (drop.drop)
            reasons.push({ kind: 'falling', detail: `mean rating ${drop.recentMean!.toFixed(2)} vs ${old.rating_avg.toFixed(2)} the period before (p = ${drop.p!.toPrecision(2)})`, z: drop.z, p: drop.p });
        }
        const n = unanswered.get(r.entityId) ?? 0;
        if (n >= q.min_unanswered)
          reasons.push({ kind: 'unanswered_negatives', detail: `${n} reviews of ${ctx.settings.alerts.lowStarThreshold}★ or less without a response`, count: n });
        for (const [theme, t] of Object.entries(cur?.themes ?? {})) {
          const now = t.count ? t.polaritySum / t.count : 0;
          const was = old?.themes?.[theme];
          const before = was && was.count ? was.polaritySum / was.count : null;
          // Turning negative: negative now after being neutral or positive (or new, with enough mentions to matter).
          if (now < 0 && t.count >= 2 && ((before !== null && before >= 0) || (before === null && t.count >= 3)))
            reasons.push({ kind: 'theme_turning_negative', detail: `"${theme}" is now negative (${now.toFixed(2)} over ${t.count} mentions)`, theme, count: t.count, polarity_before: before, polarity_now: now });
        }
        if (reasons.length)
          items.push({ entity: entityOf(r), reasons, current: { ...snapshot(r), review_count: r.reviewCount }, previous: snapshot(beforeById.get(r.entityId)) });
      }
      items.sort((a, b) => b.reasons.length - a.reasons.length || (a.current.value ?? 5) - (b.current.value ?? 5));
    }
    if (q.format === 'csv')
      return csvResponse(
        c, `attention-${q.level}-${q.granularity}-${start ?? 'none'}.csv`,
        ['entity_kind', 'entity_id', 'name', 'reasons', 'current', 'previous'],
        items.map((i) => ({ entity_kind: i.entity.kind, entity_id: i.entity.id, name: i.entity.name, reasons: i.reasons.map((r) => r.detail).join('; '), current: i.current.value, previous: i.previous.value })),
      );
    return c.json({ level: q.level, within: scope.label, period: { kind: q.granularity, start }, previous_period: { kind: q.granularity, start: prev }, items });
  });

  return app;
}
