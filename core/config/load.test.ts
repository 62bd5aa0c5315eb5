import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { loadConfigFile, parseConfig } from './load';

const base = () => ({
  company: { key: 'acme', name: 'Acme', targets: [] as unknown[] },
  locations: [{ key: 'north', name: 'North' }] as Record<string, unknown>[],
  people: [{ key: 'ann', name: 'Ann Lee', location: 'north' }] as Record<string, unknown>[],
  settings: {} as Record<string, unknown>,
});

/** A config with one declared (CSS selector) site and a location target that uses it. */
const withSite = () => ({
  ...base(),
  sites: [
    {
      key: 'directory',
      label: 'Local Directory',
      urlPattern: '^https://directory\\.example/',
      selectors: { review: '.review', rating: '.stars', ratingFrom: 'data-rating', date: 'time', nextPage: 'a.next' } as Record<string, unknown>,
    } as Record<string, unknown> & { selectors: Record<string, unknown> },
  ],
  locations: [{ key: 'north', name: 'North', targets: [{ source: 'custom:directory', url: 'https://directory.example/north' }] }] as Record<string, unknown>[],
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CONFIG_INVALID');
    return e as AppError;
  }
  throw new Error('expected a config error');
}

const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-config-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('config validation: one test per kind of mistake', () => {
  it('accepts a minimal config and fills in defaults', () => {
    const cfg = parseConfig(base());
    expect(cfg.settings.crawl.respectRobotsTxt).toBe(true);
    expect(cfg.settings.scoring.minReviewsForRank).toBe(5);
    expect(Object.isFrozen(cfg.settings.crawl)).toBe(true);
  });

  it('missing file names the file', () => {
    expect(errorOf(() => loadConfigFile(path.join(dir, 'nope.yaml'))).message).toMatch(/Cannot read config file .*nope\.yaml: ENOENT/);
  });

  it('YAML syntax error names the file', () => {
    expect(errorOf(() => loadConfigFile(file('syntax.yaml', 'company: [unclosed\n'))).message).toMatch(/^syntax\.yaml: not valid YAML/);
  });

  it('JSON syntax error names the file', () => {
    expect(errorOf(() => loadConfigFile(file('broken.json', '{"company": '))).message).toMatch(/^broken\.json: not valid JSON/);
  });

  it('empty file', () => {
    expect(errorOf(() => loadConfigFile(file('empty.yaml', ''))).message).toBe('empty.yaml: the file is empty.');
  });

  it('missing required section', () => {
    expect(errorOf(() => parseConfig({ locations: [] }, 'c.yaml')).message).toMatch(/^c\.yaml: company: /);
  });

  it('unknown key (a typo) is reported with its path', () => {
    const c = base();
    c.locations[0]!.adress = 'typo';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/^c\.yaml: locations\[0\]: Unrecognized key: "adress"/);
  });

  it('badly formed key', () => {
    const c = base();
    c.people[0]!.key = 'Ann Lee';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).details.param).toBe('people[0].key');
  });

  it('duplicate key', () => {
    const c = base();
    c.locations.push({ key: 'north', name: 'Other' });
    const e = errorOf(() => parseConfig(c, 'c.yaml'));
    expect(e.message).toMatch(/locations\[1\]\.key: duplicate key "north"/);
  });

  it('reference to an unknown location', () => {
    const c = base();
    c.people[0]!.location = 'south';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe('c.yaml: people[0].location: unknown location "south"');
  });

  it('reference to an unknown manager', () => {
    const c = base();
    c.people[0]!.manager = 'bob';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe('c.yaml: people[0].manager: unknown person "bob"');
  });

  it('wrong type', () => {
    const c = base();
    c.settings = { crawl: { delayMs: 'fast' } };
    expect(errorOf(() => parseConfig(c, 'c.yaml')).details.param).toBe('settings.crawl.delayMs');
  });

  it('number out of range', () => {
    const c = base();
    c.settings = { crawl: { maxConcurrencyPerHost: 0 } };
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/settings\.crawl\.maxConcurrencyPerHost: Too small/);
  });

  it('invalid URL in a target', () => {
    const c = base();
    c.company.targets = [{ source: 'trustpilot', url: 'trustpilot/acme' }];
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/company\.targets\[0\]\.url: must be a full URL/);
  });

  it('the same URL used by two targets', () => {
    const c = base();
    c.company.targets = [{ source: 'yelp', url: 'https://example.com/a' }];
    c.locations[0]!.targets = [{ source: 'yelp', url: 'https://example.com/a' }];
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/locations\[0\]\.targets\[0\]\.url: the same URL is already a target of company\.targets/);
  });

  it('invalid cron expression', () => {
    const c = base();
    c.settings = { schedules: { crawl: 'every hour' } };
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/settings\.schedules\.crawl: is not a valid cron expression/);
  });

  it('invalid date and dates in the wrong order', () => {
    const c = base();
    c.people[0]!.activeFrom = '2025-13-45x';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).details.param).toBe('people[0].activeFrom');
    const d = base();
    Object.assign(d.people[0]!, { activeFrom: '2025-05-01', activeTo: '2025-01-01' });
    expect(errorOf(() => parseConfig(d, 'c.yaml')).message).toMatch(/people\[0\]\.activeTo: is before activeFrom/);
  });

  it('Reputation Index weights that do not add up to 1', () => {
    const c = base();
    c.settings = { scoring: { reputationIndex: { weights: { rating: 0.5, sentiment: 0.5, volume: 0.5, response: 0 } } } };
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/weights must add up to 1/);
  });

  it('accepts a declared site used by a target, and fills in its defaults', () => {
    const cfg = parseConfig(withSite());
    expect(cfg.sites[0]).toMatchObject({ key: 'directory', needsBrowser: false, selectors: { ratingScale: 5, reviewIdFrom: 'text' } });
  });

  it('the shipped example config loads', () => {
    const cfg = loadConfigFile(fileURLToPath(new URL('../../config/repwatch.example.yaml', import.meta.url)));
    expect(cfg.sites.map((s) => s.key)).toEqual(['local-directory']);
  });

  it('invalid CSS selector in a declared site', () => {
    const c = withSite();
    c.sites[0]!.selectors.review = 'div.review[';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe('c.yaml: sites[0].selectors.review: not a valid CSS selector');
  });

  it('invalid regular expression in a declared site', () => {
    const c = withSite();
    c.sites[0]!.urlPattern = '^https://(directory';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe('c.yaml: sites[0].urlPattern: not a valid regular expression');
  });

  it('required selector missing from a declared site', () => {
    const c = withSite();
    delete c.sites[0]!.selectors.rating;
    expect(errorOf(() => parseConfig(c, 'c.yaml')).details.param).toBe('sites[0].selectors.rating');
  });

  it('unknown selector name (a typo) in a declared site', () => {
    const c = withSite();
    c.sites[0]!.selectors.athor = '.author';
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toMatch(/^c\.yaml: sites\[0\]\.selectors: Unrecognized key: "athor"/);
  });

  it('two declared sites with the same key', () => {
    const c = withSite();
    c.sites.push({ ...c.sites[0]!, label: 'Copy' });
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe('c.yaml: sites[1].key: duplicate site key "directory"');
  });

  it('a target using a declared site that does not exist', () => {
    const c = withSite();
    c.people[0]!.targets = [{ source: 'custom:directroy', url: 'https://directory.example/ann' }];
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe(
      'c.yaml: people[0].targets[0].source: unknown site "directroy": no entry of sites has key "directroy" (declared: directory)',
    );
  });

  it('a target naming a source that does not exist (a typo)', () => {
    const c = withSite();
    c.people[0]!.targets = [{ source: 'trustpiolt', url: 'https://www.trustpilot.com/review/example.com' }];
    expect(errorOf(() => parseConfig(c, 'c.yaml')).message).toBe(
      'c.yaml: people[0].targets[0].source: unknown source "trustpiolt": use one of schema-org, trustpilot, dealerrater, google-maps, google-business, yelp, lendingtree, zillow, or custom:<key> of an entry of sites',
    );
  });

  it('counts further problems in the message and lists them all in details', () => {
    const c = base();
    c.people[0]!.location = 'x';
    c.people[0]!.manager = 'y';
    const e = errorOf(() => parseConfig(c, 'c.yaml'));
    expect(e.message).toMatch(/\(and 1 more problem\)$/);
    expect(e.details.issues).toHaveLength(2);
  });
});
