/**
 * Names of the built-in review sources, as plain data: the config validator
 * (core/config) checks target sources against it without loading any adapter,
 * and the adapter registry (crawlers/adapters/index.ts) must have one adapter
 * per name (its Record type makes a missing one a compile error).
 * User-declared (CSS selector) sites are named `custom:<key>`.
 */
export const BUILT_IN_SOURCES = ['schema-org', 'trustpilot', 'dealerrater', 'google-maps', 'google-business', 'yelp', 'lendingtree', 'zillow'] as const;

export type BuiltInSource = (typeof BUILT_IN_SOURCES)[number];
