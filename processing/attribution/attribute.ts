import { matchTagCandidates, findNamesInText } from './find-names';
import type { NameIndex } from './name-index';
import type { Attribution, AttributionRule, MatchContext } from './types';

/** Attributions below this confidence go to the human review queue (settings.scoring.attributionReviewThreshold). */
export const DEFAULT_REVIEW_THRESHOLD = 0.75;

export interface ReviewForAttribution {
  text: string | null | undefined;
  /** Employee tags the site attached to the review. */
  employees?: { name: string }[];
  /** Set when the review was crawled from that person's own profile page. */
  profilePersonId?: string | null;
  locationId: string | null;
  publishedAt?: string | Date | null;
}

export interface AttributeOptions {
  reviewThreshold?: number;
  /** Remembered decisions from the review queue, applied before returning. */
  rules?: readonly AttributionRule[];
}

/** One attribution per person: highest confidence wins, ties go to the stronger method (profile > tag > text). */
function dedupe(list: Attribution[]): Attribution[] {
  const rank = { profile: 0, tag: 1, text: 2 } as const;
  const best = new Map<string, Attribution>();
  for (const a of list) {
    const prev = best.get(a.personId);
    if (!prev || a.confidence > prev.confidence || (a.confidence === prev.confidence && rank[a.method] < rank[prev.method])) {
      best.set(a.personId, a);
    }
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || rank[a.method] - rank[b.method]);
}

/** Who a review is about: profile page, site tags and names in the text, merged per person. */
export function attributeReview(index: NameIndex, review: ReviewForAttribution, opts: AttributeOptions = {}): Attribution[] {
  const threshold = opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  const ctx: MatchContext = { locationId: review.locationId, publishedAt: review.publishedAt ?? null };
  const out: Attribution[] = [];
  if (review.profilePersonId) {
    out.push({ personId: review.profilePersonId, method: 'profile', confidence: 1, evidence: 'review on the person’s own profile page', needsReview: false });
  }
  for (const tag of review.employees ?? []) {
    for (const c of matchTagCandidates(index, tag.name, ctx)) {
      out.push({
        personId: c.personId,
        method: 'tag',
        confidence: c.confidence,
        evidence: `tag "${tag.name}": ${c.reason}`,
        pattern: c.pattern,
        needsReview: c.confidence < threshold,
      });
    }
  }
  if (review.text) {
    for (const c of findNamesInText(index, review.text, ctx)) {
      out.push({
        personId: c.personId,
        method: 'text',
        confidence: c.confidence,
        evidence: `text "${c.matched}": ${c.reason}`,
        pattern: c.pattern,
        needsReview: c.confidence < threshold,
      });
    }
  }
  const merged = dedupe(out);
  return opts.rules?.length ? applyRules(merged, opts.rules, { locationId: review.locationId }) : merged;
}

/**
 * Applies remembered decisions. For each attribution's pattern the most specific
 * rule wins (this location's over a global one). A confirming rule makes its
 * person's attribution certain (confidence 1, method kept) and drops other
 * people read from the same words; a rejecting rule (personId null) drops every
 * attribution read from those words. Profile attributions have no pattern and
 * are never touched.
 */
export function applyRules(
  attributions: readonly Attribution[],
  rules: readonly AttributionRule[],
  ctx: { locationId?: string | null } = {},
): Attribution[] {
  const ruleFor = (pattern: string): AttributionRule | undefined => {
    let global: AttributionRule | undefined;
    for (const r of rules) {
      if (r.pattern !== pattern) continue;
      if (r.locationId !== null && r.locationId === ctx.locationId) return r;
      if (r.locationId === null) global ??= r;
    }
    return global;
  };
  const out: Attribution[] = [];
  const confirmed = new Set<string>();
  for (const a of attributions) {
    const rule = a.pattern === undefined ? undefined : ruleFor(a.pattern);
    if (!rule) out.push(a);
    else if (rule.personId === null) continue;
    else if (rule.personId === a.personId) out.push({ ...a, confidence: 1, needsReview: false, evidence: `${a.evidence}; confirmed by a remembered rule` });
    else if (!confirmed.has(`${a.pattern}\u0000${rule.personId}`)) {
      // The words were read as someone else: the rule says who they mean.
      out.push({ ...a, personId: rule.personId, confidence: 1, needsReview: false, evidence: `${a.evidence}; reassigned by a remembered rule` });
    }
    if (rule?.personId) confirmed.add(`${a.pattern}\u0000${rule.personId}`);
  }
  return dedupe(out);
}
