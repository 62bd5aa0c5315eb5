import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../core/context';
import { latestPeriodStart, themeQuotes } from '../../db/queries/api-rollups';
import { getSeries } from '../../db/queries/rollups';
import { csvResponse } from '../http/csv';
import { requires } from '../middleware/auth';
import { cellRange, checkPeriodStart, previousPeriod } from '../periods';
import { iso } from '../present';
import { handle, newRouter } from '../router';
import { authorizedEntity, summary } from '../subjects';
import { calendarDate, EntitySummary, entityRef, errors, formatSchema, granularitySchema, jsonOrCsv, security } from './common.schemas';

/**
 * What reviews of an entity talk about in a period: mentions, mean polarity,
 * the change against the period before, and a few quotes (the strongest
 * opinions first) from review_themes.
 */
const ThemesQuery = z.object({
  entity: entityRef.optional(),
  granularity: granularitySchema,
  period_start: calendarDate.optional().openapi({ description: 'Default: the latest period with reviews for this entity.' }),
  examples: z.coerce.number().int().min(0).max(10).default(3).openapi({ description: 'Quotes per theme (0..10).' }),
  format: formatSchema,
});

const Snapshot = z.object({ count: z.number().int(), polarity: z.number().nullable() });
const Themes = z
  .object({
    entity: EntitySummary,
    period: z.object({ kind: z.string(), start: z.string().nullable() }),
    previous_period: z.object({ kind: z.string(), start: z.string().nullable() }),
    review_count: z.number().int(),
    themes: z.array(
      z.object({
        theme: z.string(),
        count: z.number().int(),
        share: z.number().nullable().openapi({ description: 'Share of the period’s reviews mentioning it.' }),
        polarity: z.number().nullable().openapi({ description: 'Mean polarity of the mentions, -1..1.' }),
        previous: Snapshot.nullable(),
        trend: z.enum(['new', 'more_positive', 'more_negative', 'stable']),
        polarity_change: z.number().nullable(),
        examples: z.array(z.object({ review_id: z.number().int(), quote: z.string(), polarity: z.number(), rating: z.number().nullable(), published_at: z.string().nullable() })),
      }),
    ),
  })
  .openapi('Themes');

const themesRoute = createRoute({
  method: 'get', path: '/themes', tags: ['themes'], security, middleware: [requires('read')],
  summary: 'Themes of an entity in a period, with trend and example quotes', request: { query: ThemesQuery },
  responses: { 200: jsonOrCsv(Themes, 'Themes, most mentioned first'), ...errors(400, 403, 404) },
});

/** A polarity move smaller than this is "stable": theme polarity is noisy. */
const STABLE = 0.1;

export function themesRoutes(ctx: AppContext) {
  const app = newRouter();
  const db = ctx.db;

  handle(app, themesRoute, async (c) => {
    const q = c.req.valid('query');
    const entity = await authorizedEntity(db, c.get('principal'), q.entity, 'read');
    if (q.period_start) checkPeriodStart(q.granularity, q.period_start);
    const start = q.period_start ?? (await latestPeriodStart(db, entity.kind, q.granularity, new Date().toISOString().slice(0, 10), entity.id));
    const prev = start ? previousPeriod(q.granularity, start) : null;
    let reviewCount = 0;
    let themes: z.infer<typeof Themes>['themes'] = [];
    if (start && prev) {
      const base = { entityKind: entity.kind, entityId: entity.id, periodKind: q.granularity };
      const [[cur], [old]] = await Promise.all([getSeries(db, { ...base, from: start, to: start }), getSeries(db, { ...base, from: prev, to: prev })]);
      reviewCount = cur?.reviewCount ?? 0;
      const range = cellRange(q.granularity, start);
      const quotes = q.examples > 0 ? await themeQuotes(db, entity, range.from, range.to, q.examples) : [];
      themes = Object.entries(cur?.themes ?? {})
        .map(([theme, t]) => {
          const polarity = t.count ? t.polaritySum / t.count : null;
          const was = old?.themes?.[theme];
          const previous = was ? { count: was.count, polarity: was.count ? was.polaritySum / was.count : null } : null;
          const change = polarity !== null && previous?.polarity != null ? polarity - previous.polarity : null;
          const trend: 'new' | 'more_positive' | 'more_negative' | 'stable' = !previous ? 'new' : change === null || Math.abs(change) < STABLE ? 'stable' : change > 0 ? 'more_positive' : 'more_negative';
          return {
            theme,
            count: t.count,
            share: reviewCount ? t.count / reviewCount : null,
            polarity,
            previous,
            trend,
            polarity_change: change,
            examples: quotes
              .filter((x) => x.theme === theme)
              .map((x) => ({ review_id: x.review_id, quote: x.quote, polarity: x.polarity, rating: x.rating, published_at: iso(x.published_at) })),
          };
        })
        .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
    }
    if (q.format === 'csv')
      return csvResponse(
        c, `themes-${entity.kind}-${entity.id}-${start ?? 'none'}.csv`,
        ['theme', 'count', 'share', 'polarity', 'previous_count', 'previous_polarity', 'trend', 'polarity_change', 'example'],
        themes.map((t) => ({ ...t, previous_count: t.previous?.count ?? null, previous_polarity: t.previous?.polarity ?? null, example: t.examples[0]?.quote ?? null })),
      );
    return c.json({ entity: summary(entity), period: { kind: q.granularity, start }, previous_period: { kind: q.granularity, start: prev }, review_count: reviewCount, themes });
  });

  return app;
}
