/**
 * All schema.org data of a page, whichever syntax it uses. Each syntax is
 * interpreted on its own and the richest one wins, because pages that carry
 * the same reviews twice (JSON-LD and microdata) would otherwise yield every
 * review twice: microdata has no ids to match them by.
 */
import type { ExtractedBusiness } from '../../types';
import type { CheerioAPI } from './dom';
import { readJsonLd, type SchemaNode } from './jsonld';
import { readMicrodata, readRdfa } from './microdata';
import { interpretSchema, type SchemaContext, type SchemaExtraction } from './schema';

export type Syntax = 'json-ld' | 'microdata' | 'rdfa';

export interface StructuredData extends SchemaExtraction {
  /** The syntax the reviews (or, failing those, the business) came from; null when the page has none. */
  syntax: Syntax | null;
  /** Raw JSON-LD nodes, for adapters that read site-specific blocks (e.g. Trustpilot's csvw Dataset). */
  jsonLd: SchemaNode[];
  jsonLdBlocks: number;
}

/** Fills the null fields of `base` from `extra` (a business described in two syntaxes). */
function mergeBusiness(base: ExtractedBusiness | null, extra: ExtractedBusiness | null): ExtractedBusiness | null {
  if (!base) return extra;
  if (!extra) return base;
  return {
    ...base,
    name: base.name ?? extra.name,
    aggregateRating: base.aggregateRating ?? extra.aggregateRating,
    ratingScale: base.aggregateRating !== null ? base.ratingScale : extra.ratingScale,
    reviewCount: base.reviewCount ?? extra.reviewCount,
    address: base.address ?? extra.address,
  };
}

export function readStructuredData($: CheerioAPI, ctx: SchemaContext): StructuredData {
  const jsonLd = readJsonLd($);
  const candidates: { syntax: Syntax; result: SchemaExtraction }[] = [
    { syntax: 'json-ld', result: interpretSchema(jsonLd.nodes, ctx) },
    { syntax: 'microdata', result: interpretSchema(readMicrodata($), ctx) },
    { syntax: 'rdfa', result: interpretSchema(readRdfa($), ctx) },
  ];
  const useful = candidates.filter((c) => c.result.business !== null || c.result.reviews.length > 0);
  // Most reviews wins; on a tie the earlier syntax (JSON-LD, then microdata) does.
  const primary = useful.reduce<(typeof useful)[number] | null>(
    (best, c) => (best === null || c.result.reviews.length > best.result.reviews.length ? c : best),
    null,
  );
  const warnings = [...jsonLd.warnings];
  let business = primary?.result.business ?? null;
  for (const c of useful) if (c !== primary) business = mergeBusiness(business, c.result.business);
  if (primary) warnings.push(...primary.result.warnings);
  return {
    syntax: primary?.syntax ?? null,
    entity: primary?.result.entity ?? null,
    business,
    reviews: primary?.result.reviews ?? [],
    warnings,
    jsonLd: jsonLd.nodes,
    jsonLdBlocks: jsonLd.blocks,
  };
}
