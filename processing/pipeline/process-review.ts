import { combineRatingAndText } from '../sentiment';
import { analyseText } from '../sentiment/analyse';
import { resultFromAnalysis } from '../sentiment/score';
import { cleanReviewText, detectLanguage, truncateForScoring } from '../text';
import { segment } from '../text/tokenize';
import { detectThemes, type CompiledThemeLexicon } from '../themes';
import { attributePeople, type AttributionContext, type PersonAttribution } from './attribution-context';

/**
 * The per-review step of the processing job, pure: review in, derived rows
 * out. It throws only for data that breaks the crawler contract (a rating off
 * the 1..5 scale, employee tags that are not a list of names); the job then
 * quarantines the review. Odd but legal text — empty, huge, markup, any
 * language — is processed like any other.
 *
 * Choices worth knowing:
 *  - Title and text are analysed together ("Terrible!" titles carry opinion).
 *  - Raw text beyond RAW_TEXT_LIMIT is not even cleaned, and scoring sees the
 *    first DEFAULT_SCORING_CHARS of the cleaned text (truncateForScoring).
 *  - Language: the site's own language when given, else detected on the scored
 *    text (null when unclear).
 *  - Sentiment and themes use English lexicons, so text in another known
 *    language gets no text sentiment and no themes rather than a misleading 0;
 *    its combined score is then the stars alone.
 *  - combined = combineRatingAndText(stars on 0..1, text score): the documented
 *    60/40 blend, renormalised when a part is missing.
 */
export const RAW_TEXT_LIMIT = 50_000;
const QUOTE_CHARS = 300;

export interface ReviewToProcess {
  organizationId: number;
  locationId: number | null;
  /** Set for reviews on a person's own profile. */
  profilePersonId: number | null;
  rating: number | null;
  title: string | null;
  text: string | null;
  language: string | null;
  publishedAt: Date | null;
  employeeTags: unknown;
}

export interface ProcessedReview {
  score: {
    sentiment: number | null;
    sentimentLabel: string | null;
    combined: number | null;
    language: string | null;
    themes: { theme: string; polarity: number }[];
  };
  themes: { theme: string; polarity: number; quote: string | null }[];
  attributions: PersonAttribution[];
}

export interface PipelineContext {
  attribution: AttributionContext;
  lexicon: CompiledThemeLexicon;
}

/** Cuts at a code-point boundary: half an emoji is not valid text for PostgreSQL. */
function safeSlice(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = s.charCodeAt(max - 1) >= 0xd800 && s.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return s.slice(0, end);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for the database: at most `max` UTF-16 units, no lone surrogate (PostgreSQL rejects them in JSON). */
function storable(s: string, max: number): string {
  return safeSlice(s, max).replace(LONE_SURROGATE, '\uFFFD');
}

function employeeNames(tags: unknown): string[] {
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags)) throw new Error(`employee_tags is not a list (got ${typeof tags})`);
  return tags.map((t, i) => {
    const name = t && typeof t === 'object' ? (t as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') throw new Error(`employee_tags[${i}] has no name`);
    return name;
  });
}

function isEnglishOrUnknown(language: string | null): boolean {
  return language === null || /^en\b/i.test(language);
}

export function processReview(review: ReviewToProcess, ctx: PipelineContext): ProcessedReview {
  if (review.rating !== null && !(review.rating >= 1 && review.rating <= 5)) {
    throw new Error(`rating ${review.rating} is outside the 1..5 scale`);
  }
  const names = employeeNames(review.employeeTags);

  const parts = [review.title, review.text].map((p) => (p ? cleanReviewText(safeSlice(p, RAW_TEXT_LIMIT)) : null)).filter((p): p is string => !!p);
  const cleaned = parts.length ? parts.join('\n') : null;
  const bounded = cleaned ? truncateForScoring(cleaned) : null;
  // Tokenized once, for both language detection and sentiment (each tokenized the text on its own before).
  const segments = bounded ? segment(bounded.text) : [];
  const language =
    review.language?.trim() || (bounded ? detectLanguage(bounded.text, { tokens: segments.flatMap((s) => s.tokens) }).language : null);

  let sentiment: number | null = null;
  let sentimentLabel: string | null = null;
  let themes: ProcessedReview['themes'] = [];
  if (bounded && isEnglishOrUnknown(language)) {
    const analysis = analyseText(bounded.text, undefined, segments);
    const result = resultFromAnalysis(analysis, bounded.truncated);
    sentiment = result.score;
    sentimentLabel = result.label;
    themes = detectThemes(analysis, ctx.lexicon).map((t) => ({
      theme: t.theme,
      polarity: t.polarity,
      quote: t.sentence ? storable(t.sentence, QUOTE_CHARS) : null,
    }));
  }
  const stars01 = review.rating === null ? null : (review.rating - 1) / 4;
  const combined = combineRatingAndText(stars01, sentiment).score;

  const attributions = attributePeople(ctx.attribution, {
    organizationId: review.organizationId,
    locationId: review.locationId,
    profilePersonId: review.profilePersonId,
    // Names are looked for in the scored part of the cleaned text, title included ("Thanks Mike!").
    text: bounded?.text ?? null,
    employeeNames: names,
    publishedAt: review.publishedAt,
  }).map((a) => ({ ...a, evidence: storable(a.evidence, 500) }));

  return {
    score: { sentiment, sentimentLabel, combined, language, themes: themes.map((t) => ({ theme: t.theme, polarity: t.polarity })) },
    themes,
    attributions,
  };
}
