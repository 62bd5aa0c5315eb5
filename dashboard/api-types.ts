import type { z } from '@hono/zod-openapi';
import type { TargetHealth, Tree, Person } from '../api/routes/entities.schemas';
import type { Attention, Improved, Rankings } from '../api/routes/rankings.schemas';
import type { RepVsCx } from '../api/routes/reputation-vs-cx.schemas';
import type { ReviewList } from '../api/routes/reviews.schemas';
import type { Trends } from '../api/routes/trends.schemas';

/**
 * The API answers the dashboard reads, typed from the API's own zod schemas
 * (the OpenAPI contract), so a change there shows up here at type-check time.
 * The two responses whose schemas are not exported are written out by hand.
 */
export type TrendsBody = z.infer<typeof Trends>;
export type TrendSeries = TrendsBody['series'][number];
export type TrendPointBody = TrendSeries['points'][number];
export type RankingsBody = z.infer<typeof Rankings>;
export type ImprovedBody = z.infer<typeof Improved>;
export type AttentionBody = z.infer<typeof Attention>;
export type RepVsCxBody = z.infer<typeof RepVsCx>;
export type GapItemBody = RepVsCxBody['children']['reputation_ahead'][number];
export type ReviewListBody = z.infer<typeof ReviewList>;
export type ReviewBody = ReviewListBody['items'][number];
export type TreeBody = z.infer<typeof Tree>;
export type PersonBody = z.infer<typeof Person>;
export type TargetHealthBody = z.infer<typeof TargetHealth>;

/** GET /themes (api/routes/themes.ts). */
export interface ThemesBody {
  entity: { kind: string; id: number; name: string };
  period: { kind: string; start: string | null };
  previous_period: { kind: string; start: string | null };
  review_count: number;
  themes: {
    theme: string;
    count: number;
    share: number | null;
    polarity: number | null;
    previous: { count: number; polarity: number | null } | null;
    trend: 'new' | 'more_positive' | 'more_negative' | 'stable';
    polarity_change: number | null;
    examples: { review_id: number; quote: string; polarity: number; rating: number | null; published_at: string | null }[];
  }[];
}

/** GET /source-health (api/routes/crawl.ts). */
export interface SourceHealthBody {
  sources: {
    source: string; targets: number; ok: number; blocked: number; failing: number; low_coverage: number; never_run: number;
    disabled: number; stored_review_count: number; site_review_count: number; coverage: number | null;
  }[];
  targets: TargetHealthBody[];
}

/** GET /crawl-runs (api/routes/crawl.ts). */
export interface CrawlRunsBody {
  items: {
    id: number; target_id: number; target_key: string; source: string; mode: string; status: string; started_at: string;
    finished_at: string | null; pages: number; reviews_seen: number; reviews_new: number; reviews_changed: number;
    reviews_removed: number; errors: number; error_message: string | null; blocked_reason: string | null;
  }[];
  next_cursor: string | null;
}
