import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/load';
import { DEMO_BROWSER_LOCATION, demoConfigObject } from './config';
import { buildDemoWorld } from './world/build';

const world = buildDemoWorld({ asOf: '2026-03-15' });

describe('demoConfigObject', () => {
  it('is a valid repwatch config', () => {
    const config = parseConfig(demoConfigObject('http://127.0.0.1:4100/', world), 'demo');
    expect(config.company.targets).toEqual([expect.objectContaining({ source: 'schema-org', url: 'http://127.0.0.1:4100/company/reviews' })]);
    expect(config.locations).toHaveLength(world.locations.length);
    expect(config.settings.crawl).toMatchObject({ delayMs: 0, respectRobotsTxt: true });
  });

  it('gives every location a dealer page, one a browser-rendered map listing, and every salesperson a profile', () => {
    const config = parseConfig(demoConfigObject('http://127.0.0.1:4100', world));
    for (const loc of config.locations) {
      expect(loc.targets[0]).toMatchObject({ source: 'dealerrater', url: `http://127.0.0.1:4100/dealer/${loc.key}/reviews/` });
      expect(loc.externalKey).toMatch(/^NWM-\d+$/);
    }
    const browser = config.locations.flatMap((l) => l.targets.filter((t) => t.options.browser === true).map((t) => ({ l: l.key, t })));
    expect(browser).toEqual([{ l: DEMO_BROWSER_LOCATION, t: expect.objectContaining({ source: 'schema-org', url: `http://127.0.0.1:4100/maps/${DEMO_BROWSER_LOCATION}` }) }]);
    const sellers = world.people.filter((p) => p.sells);
    const withTargets = config.people.filter((p) => p.targets.length);
    expect(withTargets.map((p) => p.key).sort()).toEqual(sellers.map((p) => p.key).sort());
    for (const p of withTargets) expect(p.targets[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:4100\/sales\/[A-Za-z-]+-review-\d+\/$/);
  });

  it('carries aliases, managers, external keys and employment dates', () => {
    const config = parseConfig(demoConfigObject('http://127.0.0.1:4100', world));
    const byKey = new Map(config.people.map((p) => [p.key, p]));
    expect(byKey.get('michael-brennan')).toMatchObject({ aliases: ['Mike', 'Mikey'], manager: 'priya-raman', location: 'harbor-point', externalKey: 'E1002' });
    expect(byKey.get(world.story.leftPerson)!.activeTo).toBe('2025-08-27');
    expect(byKey.get(world.story.joinedPerson)!.activeFrom).toBe('2025-06-18');
  });
});
