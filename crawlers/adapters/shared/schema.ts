/**
 * Turns schema.org objects (from JSON-LD, microdata or RDFa) into the adapter
 * contract: the reviewed business and its reviews.
 *
 * Sites link things in different ways: reviews nested in the business's
 * `review` array, separate Review nodes pointing back with `itemReviewed`
 * (Trustpilot's @graph), `@id` references to be resolved, a ProfilePage whose
 * `mainEntity` is the business, or a ProfilePage that carries the rating
 * itself (LendingTree). All of those are handled here, once.
 */
import type { ExtractedBusiness, ExtractedOwnerResponse, ExtractedReview } from '../../types';
import { emptyReview } from '../../types';
import { parseDate } from './dates';
import { absoluteUrl } from './dom';
import { hasType, isNode, typesOf, type SchemaNode } from './jsonld';
import { parseCount, parseDecimal } from './numbers';
import { cleanText, languageCode } from './text';

export interface SchemaContext {
  crawledAt: Date;
  pageUrl: string;
}

export interface SchemaExtraction {
  /** The node chosen as the reviewed thing, or null. */
  entity: SchemaNode | null;
  business: ExtractedBusiness | null;
  reviews: ExtractedReview[];
  warnings: string[];
}

/** Types that are never "the business being reviewed". */
const NOT_ENTITIES = new Set([
  'Review', 'Rating', 'AggregateRating', 'EmployerAggregateRating', 'PostalAddress', 'ImageObject', 'BreadcrumbList',
  'ListItem', 'WebSite', 'SearchAction', 'EntryPoint', 'Offer', 'AggregateOffer', 'Comment', 'Answer', 'Dataset',
  'QuantitativeValue', 'PropertyValue', 'GeoCoordinates', 'OpeningHoursSpecification',
]);
const PAGE_TYPES = ['WebPage', 'ProfilePage', 'ItemPage', 'AboutPage', 'CollectionPage'];

export const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
export const first = (v: unknown): unknown => asArray(v)[0];

/** Index of every object with an `@id` and some content, found at any depth. */
export function indexById(nodes: SchemaNode[]): Map<string, SchemaNode> {
  const index = new Map<string, SchemaNode>();
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (seen.has(v)) return;
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isNode(v)) return;
    seen.add(v);
    const id = v['@id'];
    if (typeof id === 'string' && Object.keys(v).length > 1) {
      const prior = index.get(id);
      index.set(id, prior ? { ...v, ...prior } : v);
    }
    Object.values(v).forEach(walk);
  };
  nodes.forEach(walk);
  return index;
}

/** A node with its `@id` reference resolved (the reference's own properties win). */
export function deref(value: unknown, index: Map<string, SchemaNode>): SchemaNode | null {
  if (!isNode(value)) return null;
  const id = value['@id'];
  if (typeof id === 'string') {
    const target = index.get(id);
    if (target && target !== value) return { ...target, ...value };
  }
  return value;
}

/** Every object node at any depth, resolved, each once. */
function allNodes(nodes: SchemaNode[], index: Map<string, SchemaNode>): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isNode(v) || seen.has(v)) return;
    seen.add(v);
    out.push(v);
    Object.entries(v).forEach(([k, child]) => {
      if (k !== '@context') walk(child);
    });
  };
  nodes.forEach(walk);
  index.forEach((n) => walk(n));
  return out;
}

function textOf(v: unknown, multiline = false): string | null {
  const value = first(v);
  if (isNode(value)) return cleanText(value['@value'] ?? value['name'], { decodeEntities: true, multiline });
  return cleanText(value, { decodeEntities: true, multiline });
}

function sameNode(a: SchemaNode | null, b: SchemaNode | null): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  return typeof a['@id'] === 'string' && a['@id'] === b['@id'];
}

function reviewsOf(entity: SchemaNode, index: Map<string, SchemaNode>): SchemaNode[] {
  return [...asArray(entity['review']), ...asArray(entity['reviews'])]
    .map((r) => deref(r, index))
    .filter((r): r is SchemaNode => r !== null);
}

/** Picks the reviewed thing: the node with an aggregate rating and/or reviews, preferring a page's main entity. */
function chooseEntity(all: SchemaNode[], index: Map<string, SchemaNode>): SchemaNode | null {
  const mainIds = new Set<unknown>();
  for (const n of all) {
    if (!hasType(n, ...PAGE_TYPES)) continue;
    for (const m of asArray(n['mainEntity'] ?? n['about'])) if (isNode(m)) mainIds.add(m['@id'] ?? m);
  }
  let best: SchemaNode | null = null;
  let bestScore = 0;
  for (const raw of all) {
    const node = deref(raw, index)!;
    if (typesOf(node).some((t) => NOT_ENTITIES.has(t))) continue;
    const hasAggregate = isNode(deref(first(node['aggregateRating']), index));
    const reviewCount = reviewsOf(node, index).length;
    if (!hasAggregate && reviewCount === 0) continue;
    const isMain = mainIds.has(node['@id'] ?? raw) || mainIds.has(raw);
    const score = (hasAggregate ? 2 : 0) + Math.min(reviewCount, 1) + (isMain ? 1 : 0);
    if (score > bestScore && !sameNode(node, best)) {
      best = node;
      bestScore = score;
    }
  }
  return best;
}

export function formatAddress(value: unknown, index: Map<string, SchemaNode>): string | null {
  const v = first(value);
  if (typeof v === 'string') return cleanText(v, { decodeEntities: true });
  const a = deref(v, index);
  if (!a) return null;
  const regionLine = [textOf(a['addressRegion']), textOf(a['postalCode'])].filter(Boolean).join(' ');
  const country = first(a['addressCountry']);
  const parts = [
    textOf(a['streetAddress']),
    textOf(a['addressLocality']),
    regionLine || null,
    isNode(country) ? textOf(country['name']) : textOf(country),
  ].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : null;
}

/** A Rating node's value and scale (bestRating, default 5). */
export function ratingOf(value: unknown, index: Map<string, SchemaNode>): { value: number | null; scale: number } {
  const v = first(value);
  if (!isNode(v)) return { value: parseDecimal(v), scale: 5 };
  const r = deref(v, index)!;
  const scale = parseDecimal(first(r['bestRating'])) ?? 5;
  return { value: parseDecimal(first(r['ratingValue'])), scale: scale > 0 ? scale : 5 };
}

export function businessFromNode(entity: SchemaNode, index: Map<string, SchemaNode>): ExtractedBusiness {
  const agg = deref(first(entity['aggregateRating']), index);
  const rating = agg ? ratingOf(agg, index) : { value: null, scale: 5 };
  const count = agg ? parseCount(first(agg['reviewCount'])) ?? parseCount(first(agg['ratingCount'])) : null;
  return {
    name: textOf(entity['name']) ?? textOf(entity['legalName']),
    aggregateRating: rating.value,
    ratingScale: rating.scale,
    reviewCount: count,
    starDistribution: null,
    address: formatAddress(entity['address'], index),
    categories: [],
    externalId: null,
  };
}

/** The site's id from `identifier` or from the last segment of `@id` (blank nodes give none). */
function reviewId(node: SchemaNode): string | null {
  const ident = first(node['identifier']);
  const fromIdent = isNode(ident) ? cleanText(ident['value']) : cleanText(ident);
  if (fromIdent) return fromIdent;
  const id = node['@id'];
  if (typeof id !== 'string' || id.startsWith('_:')) return null;
  const segment = id.replace(/[/#]+$/, '').split(/[/#]/).pop();
  return segment ? segment : id;
}

export function reviewFromNode(node: SchemaNode, index: Map<string, SchemaNode>, ctx: SchemaContext): ExtractedReview {
  // Several reviewRating values: the one with a reviewAspect is a sub-rating, the other is the overall one.
  const ratings = asArray(node['reviewRating']).map((r) => deref(r, index) ?? r);
  const overall = ratings.find((r) => !isNode(r) || !r['reviewAspect']);
  const main = ratingOf(overall, index);
  const subRatings: Record<string, number> = {};
  for (const r of ratings) {
    if (!isNode(r) || !r['reviewAspect']) continue;
    const aspect = textOf(r['reviewAspect'])?.toLowerCase();
    const value = ratingOf(r, index).value;
    if (aspect && value !== null) subRatings[aspect] = value;
  }
  const author = deref(first(node['author']), index);
  const comment = deref(first(node['comment']), index);
  let ownerResponse: ExtractedOwnerResponse | null = null;
  const responseText = comment ? textOf(comment['text'] ?? comment['description'], true) : null;
  if (comment && responseText) {
    const when = first(comment['dateCreated'] ?? comment['datePublished']);
    ownerResponse = { text: responseText, respondedAt: parseDate(when, { crawledAt: ctx.crawledAt }) };
  }
  const url = textOf(node['url']);
  const modified = parseDate(first(node['dateModified']), { crawledAt: ctx.crawledAt });
  return {
    ...emptyReview(main.scale),
    externalId: reviewId(node),
    rating: main.value,
    title: textOf(node['headline']) ?? textOf(node['name']),
    text: textOf(node['reviewBody'], true) ?? textOf(node['description'], true) ?? textOf(node['text'], true),
    language: languageCode(first(node['inLanguage'])),
    authorName: author ? textOf(author['name']) : textOf(first(node['author'])),
    publishedAt: parseDate(first(node['datePublished'] ?? node['dateCreated']), { crawledAt: ctx.crawledAt }),
    ownerResponse,
    subRatings,
    url: url ? absoluteUrl(url, ctx.pageUrl) : null,
    extra: modified ? { updatedAt: modified.iso } : {},
  };
}

/**
 * Business and reviews from schema.org nodes. Reviews are those of the chosen
 * entity (nested or pointing back at it); when no entity is found, every
 * Review on the page.
 */
export function interpretSchema(nodes: SchemaNode[], ctx: SchemaContext): SchemaExtraction {
  const warnings: string[] = [];
  const index = indexById(nodes);
  const all = allNodes(nodes, index);
  const entity = chooseEntity(all, index);

  const picked: SchemaNode[] = entity ? reviewsOf(entity, index) : [];
  for (const n of all) {
    if (!hasType(n, 'Review')) continue;
    const reviewed = deref(first(n['itemReviewed']), index);
    if (!entity || !reviewed || sameNode(reviewed, entity)) picked.push(deref(n, index)!);
  }
  const seen = new Set<unknown>();
  const reviews: ExtractedReview[] = [];
  for (const node of picked) {
    const key = typeof node['@id'] === 'string' ? node['@id'] : node;
    if (seen.has(key) || seen.has(node)) continue;
    seen.add(key);
    seen.add(node);
    const review = reviewFromNode(node, index, ctx);
    if (review.rating === null && review.text === null && review.title === null) {
      warnings.push(`a Review without rating or text was skipped (${review.externalId ?? 'no id'})`);
      continue;
    }
    if (!review.publishedAt) warnings.push(`review ${reviews.length + 1} has no readable date`);
    reviews.push(review);
  }
  // No node carries a rating or a review list, but the reviews name what they review: that is the business.
  let business = entity ? businessFromNode(entity, index) : null;
  if (!business && picked.length > 0) {
    const reviewed = deref(first(picked[0]!['itemReviewed']), index);
    if (reviewed && textOf(reviewed['name'])) business = businessFromNode(reviewed, index);
  }
  return { entity, business, reviews, warnings };
}
