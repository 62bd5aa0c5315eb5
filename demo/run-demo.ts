import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { openApp } from '../cli/bootstrap';
import { parseConfig } from '../core/config/load';
import type { RepwatchConfig } from '../core/config/schema';
import type { AppContext } from '../core/context';
import type { Env } from '../core/env';
import { runCrawl } from '../crawlers/engine/run-crawl';
import type { CrawlRunSummary } from '../crawlers/engine/types';
import { importCxRows } from '../domain/cx/import-cx';
import { parseCxCsv } from '../domain/cx/cx-rows';
import { createApiKey } from '../domain/api-keys';
import { processPendingReviews } from '../jobs/processing/process-reviews';
import { refreshRollups } from '../jobs/rollups/refresh-rollups';
import { isoDate, monthStart } from '../jobs/rollups/periods';
import { demoConfigObject } from './config';
import { startDemoSite, type DemoSite } from './site';
import { buildDemoWorld, demoCxCsv } from './world';

/**
 * `repwatch demo`: the whole flow on a fresh machine. A local demo review
 * site is crawled by the real crawlers over HTTP, reviews are processed,
 * demo internal CX scores imported, and (unless serve is false) the API and
 * dashboard are served.
 *
 * The site tells a story in two phases (edits, new owner responses and
 * removals happen between them). A first run crawls phase 0, then phase 1
 * twice over (full sweeps, so removals are seen); later runs start at phase 1,
 * which makes a second run change nothing.
 */
export interface DemoOptions {
  env: Env;
  /** Serve the API and dashboard and keep running until stop() (the CLI waits for Ctrl-C). */
  serve?: boolean;
  port?: number;
  host?: string;
  /** Progress lines for a person. */
  say?: (line: string) => void;
  /** Skip the browser-rendered target even when Chromium is there (tests of the HTTP-only path). */
  noBrowser?: boolean;
  /** A smaller world for tests: months of history and a volume multiplier (defaults 18 and 1). */
  months?: number;
  scale?: number;
}

export interface DemoSummary {
  siteUrl: string;
  apiUrl: string | null;
  adminKey: string;
  managerKey: string;
  reviews: { company: number; location: number; person: number; removed: number; edited: number };
  attributions: number;
  locations: { key: string; name: string; rating: number | null; shrunk: number | null; reviews: number }[];
  crawlRuns: Pick<CrawlRunSummary, 'targetKey' | 'status' | 'pages' | 'reviewsNew' | 'reviewsChanged' | 'reviewsRemoved'>[];
  warnings: string[];
}

export interface RunningDemo {
  summary: DemoSummary;
  ctx: AppContext;
  stop(): Promise<void>;
}

export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const say = options.say ?? (() => {});
  const warnings: string[] = [];
  const world = buildDemoWorld({ seed: 42, months: options.months, scale: options.scale });
  const site = await startDemoSite({ world, port: 0 });
  let closeApp: (() => Promise<void>) | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  try {
    say(`demo review site on ${site.url} (${world.company.name}: ${world.locations.length} locations, ${world.people.length} people)`);
    const raw = demoConfigObject(site.url, world) as { locations: { targets: { options?: { browser?: boolean } }[] }[] };
    if (options.noBrowser || !existsSync(options.env.CHROMIUM_PATH)) {
      if (!options.noBrowser)
        warnings.push(`Chromium not found at ${options.env.CHROMIUM_PATH}: the browser-rendered demo page is skipped (apt-get install chromium).`);
      for (const l of raw.locations) l.targets = l.targets.filter((t) => !t.options?.browser);
    }
    const config: Readonly<RepwatchConfig> = parseConfig(raw, 'demo config');
    const app = await openApp({ configObject: config, env: options.env, quiet: true });
    closeApp = app.close;
    const { ctx } = app;

    const crawlRuns: CrawlRunSummary[] = [];
    const crawl = async (label: string) => {
      say(`crawling (${label})…`);
      const runs = await runCrawl({ db: ctx.db, settings: ctx.settings, env: ctx.env, logger: ctx.logger, sites: config.sites }, { all: true, mode: 'full' });
      crawlRuns.push(...runs);
      const pages = runs.reduce((n, r) => n + r.pages, 0);
      const fresh = runs.reduce((n, r) => n + r.reviewsNew, 0);
      say(`  ${runs.length} targets, ${pages} pages, ${fresh} new reviews`);
      for (const r of runs) if (r.status !== 'ok') warnings.push(`${r.targetKey}: ${r.status}${r.errorMessage ? ` (${r.errorMessage})` : ''}`);
    };
    const crawledBefore = await ctx.db.selectFrom('targets').select('id').where('last_full_sweep_at', 'is not', null).executeTakeFirst();
    if (!crawledBefore) {
      await crawl('first visit');
      site.setPhase(1);
      await crawl('a few weeks later: edits, replies and removals');
    } else {
      site.setPhase(1);
      await crawl('again: nothing should change');
    }

    say('processing reviews (sentiment, themes, attribution, rollups)…');
    const processed = await processPendingReviews(ctx.db, { settings: ctx.settings, logger: ctx.logger });
    // A full rebuild: the roster was just synced, and rollups depend on who works where.
    const rollups = await refreshRollups(ctx.db, { settings: ctx.settings, touched: 'all', logger: ctx.logger });
    say(`  ${processed.processed} reviews processed, ${rollups.rowsWritten} rollup rows`);

    const cx = await importCxRows(ctx.db, parseCxCsv(demoCxCsv(world)), { batch: 'demo' });
    say(`internal CX scores: ${cx.accepted} imported, ${cx.unchanged} unchanged, ${cx.rejected.length} rejected`);

    // Fresh demo keys each run; the previous run's are removed so old ones stop working.
    await ctx.db.deleteFrom('api_keys').where('name', 'like', 'demo %').execute();
    const admin = await createApiKey(ctx.db, { name: 'demo admin', role: 'admin' });
    const firstLocation = await ctx.db.selectFrom('locations').select(['id', 'key']).orderBy('id').executeTakeFirstOrThrow();
    const manager = await createApiKey(ctx.db, { name: `demo manager ${firstLocation.key}`, role: 'manager', scope: { locationIds: [firstLocation.id] } });

    if (options.serve) {
      const { startWebServer } = await import('../dashboard/serve');
      server = await startWebServer(ctx, { port: options.port ?? ctx.env.PORT, host: options.host ?? ctx.env.HOST });
    }
    const summary: DemoSummary = {
      siteUrl: site.url,
      apiUrl: server?.url ?? null,
      adminKey: admin.key,
      managerKey: manager.key,
      ...(await summarise(ctx)),
      crawlRuns: crawlRuns.map(({ targetKey, status, pages, reviewsNew, reviewsChanged, reviewsRemoved }) => ({ targetKey, status, pages, reviewsNew, reviewsChanged, reviewsRemoved })),
      warnings,
    };
    return { summary, ctx, stop: () => shutdown(site, server, closeApp) };
  } catch (error) {
    await shutdown(site, server, closeApp);
    throw error;
  }
}

async function shutdown(site: DemoSite, server: { close(): Promise<void> } | undefined, closeApp: (() => Promise<void>) | undefined) {
  await server?.close().catch(() => {});
  await site.close().catch(() => {});
  await closeApp?.().catch(() => {});
}

async function summarise(ctx: AppContext) {
  const db = ctx.db;
  const levels = await db
    .selectFrom('reviews')
    .select(['entity_kind', sql<number>`count(*)`.as('n')])
    .where('removed_at', 'is', null)
    .groupBy('entity_kind')
    .execute();
  const count = (k: string) => levels.find((l) => l.entity_kind === k)?.n ?? 0;
  const removed = await db.selectFrom('reviews').select(sql<number>`count(*)`.as('n')).where('removed_at', 'is not', null).executeTakeFirstOrThrow();
  const edited = await db.selectFrom('reviews').select(sql<number>`count(*)`.as('n')).where('version', '>', 1).executeTakeFirstOrThrow();
  const attributions = await db.selectFrom('attributions').select(sql<number>`count(*)`.as('n')).where('status', 'in', ['auto', 'confirmed']).executeTakeFirstOrThrow();
  // The rolling-90-day rollup of the current month, across sources: the last 90 days so far. (Rows of
  // later months exist too, windows reaching past the newest review; the newest of them holds only its tail.)
  const thisMonth = isoDate(monthStart(new Date()));
  const locations = await db
    .selectFrom('locations as l')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('rollups as r')
          .select(['r.rating_avg', 'r.shrunk_rating', 'r.review_count'])
          .whereRef('r.entity_id', '=', 'l.id')
          .where('r.entity_kind', '=', 'location')
          .where('r.period_kind', '=', 'r90')
          .where('r.source_key', '=', '*')
          .where('r.period_start', '<=', thisMonth)
          .orderBy('r.period_start', 'desc')
          .limit(1)
          .as('r'),
      (join) => join.onTrue(),
    )
    .select(['l.key', 'l.name', 'r.rating_avg', 'r.shrunk_rating', 'r.review_count'])
    .where('l.active', '=', true)
    .execute();
  return {
    reviews: { company: count('company'), location: count('location'), person: count('person'), removed: removed.n, edited: edited.n },
    attributions: attributions.n,
    locations: locations
      .map((l) => ({ key: l.key, name: l.name, rating: round(l.rating_avg), shrunk: round(l.shrunk_rating), reviews: l.review_count ?? 0 }))
      .sort((a, b) => (b.shrunk ?? 0) - (a.shrunk ?? 0)),
  };
}

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
