import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { declarativeSiteSchema } from '../../crawlers/adapters/declarative-schema';
import { BUILT_IN_SOURCES } from '../../crawlers/sources';
import { calendarDate } from '../validation';

/**
 * The repwatch config file (YAML or JSON): who the company is, its locations,
 * its people and the review profiles (targets) of each, plus settings.
 * See config/repwatch.example.yaml for a commented example.
 */

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-" (e.g. "downtown-store")');

const cron = z.string().refine((v) => validateCron(v), { message: 'is not a valid cron expression (e.g. "0 */6 * * *")' });

const isoDate = calendarDate;

export const targetSchema = z
  .object({
    /** Optional stable key; defaults to "<entity>:<source>". */
    key: key.optional(),
    /** Adapter name: trustpilot, dealerrater, google-maps, google-business, yelp, lendingtree, zillow, schema-org, or custom:<site key>. */
    source: z.string().min(1),
    url: z.string().url('must be a full URL, e.g. https://www.trustpilot.com/review/example.com'),
    /** Cron for incremental crawls; defaults to settings.schedules.crawl. */
    schedule: cron.optional(),
    enabled: z.boolean().default(true),
    /** Source-specific options (e.g. google-business account/location ids). */
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const entityBase = {
  key,
  name: z.string().min(1),
  /** Your own id for this entity (store code, employee number): used to match internal CX imports. */
  externalKey: z.string().min(1).optional(),
  targets: z.array(targetSchema).default([]),
};

export const locationSchema = z
  .object({
    ...entityBase,
    address: z.string().optional(),
    timezone: z.string().optional(),
    active: z.boolean().default(true),
  })
  .strict();

export const personSchema = z
  .object({
    key,
    /** The name as customers see it, e.g. "Mike Lambert". */
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    /** Key of the person's location. */
    location: key.optional(),
    team: z.string().optional(),
    /** Key of the person's manager (another person). */
    manager: key.optional(),
    title: z.string().optional(),
    externalKey: z.string().min(1).optional(),
    activeFrom: isoDate.optional(),
    activeTo: isoDate.optional(),
    targets: z.array(targetSchema).default([]),
  })
  .strict();

export const reputationIndexWeightsSchema = z
  .object({
    rating: z.number().min(0).max(1),
    sentiment: z.number().min(0).max(1),
    volume: z.number().min(0).max(1),
    response: z.number().min(0).max(1),
  })
  .strict()
  .refine((w) => Math.abs(w.rating + w.sentiment + w.volume + w.response - 1) < 1e-6, {
    message: 'weights must add up to 1',
  });

export const webhookSchema = z
  .object({
    url: z.string().url(),
    /** HMAC-SHA256 signing secret; the signature goes in X-Repwatch-Signature. */
    secret: z.string().min(8).optional(),
    format: z.enum(['slack', 'json']).default('slack'),
  })
  .strict();

export const settingsSchema = z
  .object({
    schedules: z
      .object({
        crawl: cron.default('0 */6 * * *'),
        fullSweep: cron.default('30 3 * * 0'),
        rollups: cron.default('15 * * * *'),
        alerts: cron.default('*/15 * * * *'),
        digest: cron.default('0 8 * * 1'),
      })
      .strict()
      .prefault({}),
    crawl: z
      .object({
        userAgent: z.string().min(3).default('repwatch/0.1 (+https://github.com/repwatch/repwatch; reputation monitor)'),
        /** Delay between two requests to the same host. */
        delayMs: z.number().int().min(0).default(2000),
        maxConcurrencyPerHost: z.number().int().min(1).max(16).default(1),
        maxPagesPerRun: z.number().int().min(1).default(200),
        requestTimeoutSecs: z.number().int().min(1).max(300).default(30),
        maxRetries: z.number().int().min(0).max(10).default(4),
        respectRobotsTxt: z.boolean().default(true),
        /** Complete, unblocked sweeps that must miss a review before it counts as removed. */
        removalMisses: z.number().int().min(1).default(2),
        rawPageRetentionDays: z.number().int().min(0).default(30),
        /**
         * Memory (RSS, MB) a crawling process should stay within. Over it, the engine runs a full garbage
         * collection and, if the process is still over, goes on one request at a time until it is back under
         * (crawlers/engine/memory-guard.ts); crawlee's own autoscaling gets the same figure. Not a hard cap: the
         * pages in flight and a browser's tabs still need their memory.
         */
        memoryBudgetMb: z.number().int().min(128).default(1024),
      })
      .strict()
      .prefault({}),
    scoring: z
      .object({
        /** Below this many reviews in the period a person or location is listed as "not enough reviews", not ranked. */
        minReviewsForRank: z.number().int().min(1).default(5),
        /** Strength of the prior in "pseudo-reviews", or "auto" (estimated from the data). */
        priorStrength: z.union([z.literal('auto'), z.number().min(0)]).default('auto'),
        /** Built-in theme lexicon name (sales-service, restaurant) or a path to a YAML lexicon. */
        themes: z.string().default('sales-service'),
        attributionReviewThreshold: z.number().min(0).max(1).default(0.75),
        reputationIndex: z
          .object({ version: z.string().default('1'), weights: reputationIndexWeightsSchema.optional() })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        lowStarThreshold: z.number().min(1).max(5).default(2),
        unansweredNegativeHours: z.number().min(1).default(48),
        blockedRuns: z.number().int().min(1).default(3),
        coverageDropPct: z.number().min(1).max(100).default(20),
        webhooks: z.array(webhookSchema).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const configSchema = z
  .object({
    company: z.object({ ...entityBase }).strict(),
    locations: z.array(locationSchema).default([]),
    people: z.array(personSchema).default([]),
    /** Sites without a built-in adapter, described with CSS selectors (see docs/adapters.md); targets use them as `custom:<key>`. */
    sites: z.array(declarativeSiteSchema).default([]),
    settings: settingsSchema.prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, string>();
    const claim = (k: string, path: (string | number)[], what: string) => {
      const prev = seen.get(k);
      if (prev) ctx.addIssue({ code: 'custom', path, message: `duplicate key "${k}" (already used by ${prev})` });
      else seen.set(k, what);
    };
    claim(cfg.company.key, ['company', 'key'], 'the company');
    cfg.locations.forEach((l, i) => claim(l.key, ['locations', i, 'key'], `location ${l.name}`));
    const locationKeys = new Set(cfg.locations.map((l) => l.key));
    const personKeys = new Set<string>();
    cfg.people.forEach((p, i) => {
      claim(p.key, ['people', i, 'key'], `person ${p.name}`);
      personKeys.add(p.key);
      if (p.location && !locationKeys.has(p.location))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'location'], message: `unknown location "${p.location}"` });
      if (p.activeFrom && p.activeTo && p.activeTo < p.activeFrom)
        ctx.addIssue({ code: 'custom', path: ['people', i, 'activeTo'], message: 'is before activeFrom' });
    });
    cfg.people.forEach((p, i) => {
      if (p.manager && !personKeys.has(p.manager))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'manager'], message: `unknown person "${p.manager}"` });
    });
    const siteKeys = new Set<string>();
    cfg.sites.forEach((s, i) => {
      if (siteKeys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'key'], message: `duplicate site key "${s.key}"` });
      siteKeys.add(s.key);
    });
    const urls = new Map<string, string>();
    const checkTargets = (targets: { source: string; url: string }[], path: (string | number)[]) =>
      targets.forEach((t, j) => {
        if (!t.source.startsWith('custom:') && !(BUILT_IN_SOURCES as readonly string[]).includes(t.source))
          ctx.addIssue({
            code: 'custom',
            path: [...path, j, 'source'],
            message: `unknown source "${t.source}": use one of ${BUILT_IN_SOURCES.join(', ')}, or custom:<key> of an entry of sites`,
          });
        if (t.source.startsWith('custom:')) {
          const site = t.source.slice('custom:'.length);
          if (!siteKeys.has(site))
            ctx.addIssue({
              code: 'custom',
              path: [...path, j, 'source'],
              message: `unknown site "${site}": no entry of sites has key "${site}"${siteKeys.size ? ` (declared: ${[...siteKeys].join(', ')})` : ''}`,
            });
        }
        const prev = urls.get(t.url);
        if (prev) ctx.addIssue({ code: 'custom', path: [...path, j, 'url'], message: `the same URL is already a target of ${prev}` });
        else urls.set(t.url, path.join('.'));
      });
    checkTargets(cfg.company.targets, ['company', 'targets']);
    cfg.locations.forEach((l, i) => checkTargets(l.targets, ['locations', i, 'targets']));
    cfg.people.forEach((p, i) => checkTargets(p.targets, ['people', i, 'targets']));
  });

export type RepwatchConfig = z.infer<typeof configSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type Settings = z.infer<typeof settingsSchema>;
