import { AppError } from '../../core/errors';
import { createCrawlRun, listCrawlTargets, type CrawlTargetRow } from '../../db/queries/crawl-runs';
import type { CrawlMode } from '../../db/types';
import { RunRecorder } from '../store/run-recorder';
import type { BrowseSteps, SourceAdapter } from '../types';
import { resolveBrowse } from './browse-plan';
import { assertChromium } from './browser';
import { crawlTargets } from './crawl-targets';
import { crawlGbpTarget, GBP_SOURCE } from './gbp';
import { defaultTuning, type CrawlContext, type CrawlModeOption, type CrawlRunSummary, type EngineTarget, type EngineTuning, type RunCrawlOptions, type TargetOutcome } from './types';

/**
 * "Crawl these targets": one crawl_runs row per target, pages fetched by the
 * crawlee layer, stored as they arrive, and each run closed with its outcome.
 * Throws only for problems that stop everything before any fetch (unknown
 * target ids, Chromium missing); everything per target ends up in its run.
 */
export async function runCrawl(ctx: CrawlContext, options: RunCrawlOptions = {}): Promise<CrawlRunSummary[]> {
  const { db, settings, logger } = ctx;
  const tuning: EngineTuning = { ...defaultTuning, ...options.tuning };
  const rows = await listCrawlTargets(db, { targetIds: options.all ? undefined : options.targetIds });
  if (options.targetIds && !options.all) {
    const missing = options.targetIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new AppError('NOT_FOUND', `No target with id ${missing.join(', ')}.`, { param: 'targetIds' });
  }
  const resolve = ctx.resolveAdapter ?? (await registryResolver(ctx.sites ?? []));

  const planned = rows.map((row) => {
    let adapter: SourceAdapter | null = null;
    let problem: string | null = null;
    if (row.source_key !== GBP_SOURCE) {
      try {
        adapter = resolve(row.source_key);
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    const browser = row.source_key !== GBP_SOURCE && (adapter?.needsBrowser === true || row.options.browser === true);
    let browse: BrowseSteps | null = null;
    if (adapter && browser) {
      try {
        browse = resolveBrowse(adapter.browse, row.options.browse);
      } catch (error) {
        problem = `Invalid target options: ${(error as Error).message}`;
        adapter = null;
      }
    }
    return { row, adapter, problem, browser, browse, mode: chooseMode(row, options.mode ?? 'auto', tuning) };
  });
  // Checked before any run row exists or any page is fetched.
  if (planned.some((p) => p.browser)) assertChromium(ctx.env.CHROMIUM_PATH);

  const recorder = new RunRecorder(db, logger, { removalMisses: settings.crawl.removalMisses, onProgress: options.onProgress });
  for (const p of planned) {
    const startedAt = new Date();
    const runId = await createCrawlRun(db, { targetId: p.row.id, mode: p.mode, jobId: options.jobId, startedAt });
    recorder.add(p.row.id, {
      runId,
      targetKey: p.row.key,
      source: p.row.source_key,
      mode: p.mode,
      startedAt,
      owner: {
        sourceId: p.row.source_id,
        targetId: p.row.id,
        entityKind: p.row.entity_kind,
        organizationId: p.row.organization_id,
        locationId: p.row.location_id,
        personId: p.row.person_id,
      },
    });
  }

  const outcomes = new Map<number, TargetOutcome>();
  for (const p of planned.filter((x) => x.problem)) outcomes.set(p.row.id, failedOutcome(p.problem!));

  const engineTargets: EngineTarget[] = planned
    .filter((p) => p.adapter)
    .map((p) => ({
      id: p.row.id,
      key: p.row.key,
      adapter: p.adapter!,
      startUrl: p.adapter!.startUrl(p.row.url),
      mode: p.mode,
      browser: p.browser,
      maxPages: numberOption(p.row.options.maxPages) ?? settings.crawl.maxPagesPerRun,
      browse: p.browse,
    }));
  const gbpTargets = planned.filter((p) => p.row.source_key === GBP_SOURCE);

  const [crawled] = await Promise.all([
    crawlTargets(engineTargets, { crawl: settings.crawl, env: ctx.env, logger, tuning, sink: recorder, signal: options.signal }),
    ...gbpTargets.map(async (p) => {
      outcomes.set(p.row.id, await crawlGbpTarget(ctx, p.row, p.mode, recorder, options.signal));
    }),
  ]);
  for (const [id, outcome] of crawled) outcomes.set(id, outcome);

  const summaries: CrawlRunSummary[] = [];
  for (const p of planned) {
    const summary = await recorder.finish(p.row.id, outcomes.get(p.row.id) ?? failedOutcome('The target was not crawled.'));
    logger.info(
      { target: summary.targetKey, run: summary.runId, status: summary.status, pages: summary.pages, seen: summary.reviewsSeen, new: summary.reviewsNew },
      'crawl run finished',
    );
    summaries.push(summary);
  }
  return summaries;
}

/** 'auto': a full sweep when the last complete one is older than the interval (or never happened). */
export function chooseMode(row: Pick<CrawlTargetRow, 'last_full_sweep_at' | 'options'>, mode: CrawlModeOption, tuning: EngineTuning, now = new Date()): CrawlMode {
  if (mode !== 'auto') return mode;
  const days = numberOption(row.options.fullSweepEveryDays) ?? tuning.fullSweepEveryDays;
  if (!row.last_full_sweep_at) return 'full';
  return now.getTime() - new Date(row.last_full_sweep_at).getTime() >= days * 86_400_000 ? 'full' : 'incremental';
}

/** The built-in registry, loaded on first use: a CLI command that never crawls does not load every adapter. */
async function registryResolver(sites: readonly Record<string, unknown>[]): Promise<(source: string) => SourceAdapter> {
  const { getAdapter } = await import('../adapters/index');
  return (source) => getAdapter(source, sites);
}

function numberOption(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

function failedOutcome(message: string): TargetOutcome {
  return { status: 'failed', stop: 'failed', pages: 0, errors: 1, errorMessage: message, blockedReason: null, business: null };
}
