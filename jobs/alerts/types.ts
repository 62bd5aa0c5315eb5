import type { EntityKind } from '../../db/types';

/**
 * What the alert rules read and what they produce. The rules are pure
 * (rules.ts): histories in, alert candidates out; queries.ts builds the
 * histories from the database and evaluate.ts stores the candidates.
 */
export type AlertRule = 'low-star' | 'unanswered-negative' | 'rating-drop' | 'theme-negative' | 'target-failing' | 'coverage-drop';
export type Severity = 'info' | 'warning' | 'critical';

export interface AlertCandidate {
  rule: AlertRule;
  entityKind: EntityKind | 'target';
  entityId: number;
  severity: Severity;
  title: string;
  detail: Record<string, unknown>;
  /** The same event always gives the same key; the alerts table keeps one row per key. */
  dedupeKey: string;
}

export interface EntityRef {
  kind: EntityKind;
  id: number;
  name: string;
}

/** A review as the review-level rules see it. */
export interface ReviewFact {
  id: number;
  entity: EntityRef;
  rating: number | null;
  /** published_at, else first_seen_at: when the review happened as far as we know. */
  at: Date;
  responded: boolean;
  removed: boolean;
  source: string;
  url: string | null;
  author: string | null;
  excerpt: string | null;
}

/** Ratings of one entity: a baseline window and the recent window right after it (not overlapping). */
export interface RatingHistory {
  entity: EntityRef;
  baseline: { n: number; sum: number; sumSq: number };
  recent: { n: number; sum: number };
}

/** One theme of one entity: mentions and summed polarity (−1..1 each) this period and the one before. */
export interface ThemeHistory {
  entity: EntityRef;
  theme: string;
  current: { n: number; polaritySum: number };
  previous: { n: number; polaritySum: number };
}

export interface RunFact {
  id: number;
  status: 'ok' | 'partial' | 'blocked' | 'failed';
  startedAt: Date;
  siteReviewCount: number | null;
  storedReviewCount: number | null;
  blockedReason: string | null;
  errorMessage: string | null;
}

/** A target (review profile) and its finished runs, newest first. */
export interface TargetHistory {
  targetId: number;
  key: string;
  source: string;
  entity: EntityRef;
  runs: RunFact[];
}
