import { sitePaths } from './site/view';
import type { DemoWorld } from './world/types';

/**
 * The repwatch config for the demo world, pointing every target at the demo
 * site. A plain object (what YAML.parse would give) so it goes through the
 * same parseConfig validation as a user's file.
 */

/** The location whose map listing needs a browser (the declining store, so the demo shows it from two sources). */
export const DEMO_BROWSER_LOCATION = 'riverside';

export function demoConfigObject(baseUrl: string, world: DemoWorld): Record<string, unknown> {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    company: {
      key: world.company.key,
      name: world.company.name,
      externalKey: world.company.externalKey,
      targets: [{ source: 'schema-org', url: `${base}${sitePaths.company()}` }],
    },
    locations: world.locations.map((l) => ({
      key: l.key,
      name: l.name,
      externalKey: l.externalKey,
      address: `${l.street}, ${l.city}, ${l.region} ${l.postalCode}`,
      timezone: l.timezone,
      targets: [
        { source: 'dealerrater', url: `${base}${sitePaths.dealer(l)}` },
        ...(l.key === DEMO_BROWSER_LOCATION
          ? [{ source: 'schema-org', url: `${base}${sitePaths.maps(l)}`, options: { browser: true } }]
          : []),
      ],
    })),
    people: world.people.map((p) => ({
      key: p.key,
      name: p.name,
      aliases: p.aliases,
      location: p.locationKey,
      team: p.team,
      ...(p.managerKey ? { manager: p.managerKey } : {}),
      title: p.title,
      externalKey: p.externalKey,
      ...(p.activeFrom ? { activeFrom: p.activeFrom } : {}),
      ...(p.activeTo ? { activeTo: p.activeTo } : {}),
      // Managers are not tagged in reviews and have no profile page of their own.
      targets: p.sells ? [{ source: 'dealerrater', url: `${base}${sitePaths.sales(p)}` }] : [],
    })),
    settings: {
      crawl: {
        userAgent: 'repwatch-demo/0.1 (+http://127.0.0.1; local demo)',
        // The demo site is local and made for this: no politeness delay needed.
        delayMs: 0,
        maxConcurrencyPerHost: 4,
        maxPagesPerRun: 2000,
        requestTimeoutSecs: 10,
        maxRetries: 2,
        respectRobotsTxt: true,
        removalMisses: 1,
      },
      scoring: { minReviewsForRank: 5 },
    },
  };
}
