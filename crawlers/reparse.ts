import { AppError } from '../core/errors';
import { listCrawlTargets } from '../db/queries/crawl-runs';
import type { CrawlContext } from './engine/types';
import { readPage } from './engine/read-page';
import { loadRawPages } from './store/raw-pages';
import { RunRecorder } from './store/run-recorder';
import type { SourceAdapter } from './types';

/**
 * Re-runs the current adapter over stored raw pages and stores what it reads
 * through the same path as a crawl, without fetching anything. Use after an
 * adapter fix. Only the latest run with raw pages of each target is re-read by
 * default: re-reading older runs in order would replay content that has been
 * edited since, and record those edits as new versions.
 *
 * Reparse never marks anything removed and writes no crawl_runs row.
 */
export interface ReparseSummary {
  runId: number;
  targetId: number;
  pages: number;
  blockedPages: number;
  failedPages: number;
  reviewsSeen: number;
  reviewsNew: number;
  reviewsChanged: number;
  errors: string[];
}

export async function reparse(ctx: CrawlContext, options: { targetId?: number; runId?: number } = {}): Promise<ReparseSummary[]> {
  const { db } = ctx;
  const runs = await chooseRuns(ctx, options);
  const targets = await listCrawlTargets(db, { targetIds: [...new Set(runs.map((r) => r.target_id))] });
  const resolve = ctx.resolveAdapter ?? (await registry(ctx.sites ?? []));
  const out: ReparseSummary[] = [];
  for (const run of runs) {
    const target = targets.find((t) => t.id === run.target_id);
    if (!target) continue;
    let adapter: SourceAdapter;
    try {
      adapter = resolve(target.source_key);
    } catch (error) {
      throw new AppError('BAD_REQUEST', `Cannot reparse target ${target.key}: ${(error as Error).message}`);
    }
    const recorder = new RunRecorder(db, ctx.logger, { removalMisses: ctx.settings.crawl.removalMisses, saveRawPages: false });
    recorder.add(target.id, {
      runId: run.id,
      targetKey: target.key,
      source: target.source_key,
      mode: 'incremental',
      startedAt: new Date(),
      owner: {
        sourceId: target.source_id,
        targetId: target.id,
        entityKind: target.entity_kind,
        organizationId: target.organization_id,
        locationId: target.location_id,
        personId: target.person_id,
      },
    });
    const summary: ReparseSummary = { runId: run.id, targetId: target.id, pages: 0, blockedPages: 0, failedPages: 0, reviewsSeen: 0, reviewsNew: 0, reviewsChanged: 0, errors: [] };
    for (const raw of await loadRawPages(db, run.id)) {
      summary.pages++;
      try {
        const { extraction, blocked } = readPage(adapter, raw.page, raw.fetchedAt);
        if (blocked || !extraction) {
          summary.blockedPages++;
          continue;
        }
        await recorder.record(target.id, null, extraction, raw.fetchedAt);
      } catch (error) {
        summary.failedPages++;
        summary.errors.push(`${raw.page.url}: ${(error as Error).message}`);
      }
    }
    const tally = recorder.tally(target.id);
    Object.assign(summary, { reviewsSeen: tally.seen, reviewsNew: tally.new, reviewsChanged: tally.changed });
    ctx.logger.info({ target: target.key, run: run.id, ...summary, errors: summary.errors.length }, 'reparsed raw pages');
    out.push(summary);
  }
  return out;
}

async function chooseRuns(ctx: CrawlContext, options: { targetId?: number; runId?: number }) {
  const { db } = ctx;
  let q = db
    .selectFrom('crawl_runs')
    .select(['crawl_runs.id', 'crawl_runs.target_id'])
    .where((eb) => eb.exists(eb.selectFrom('raw_pages').select('raw_pages.id').whereRef('raw_pages.crawl_run_id', '=', 'crawl_runs.id')));
  if (options.runId !== undefined) {
    const rows = await q.where('crawl_runs.id', '=', options.runId).execute();
    if (rows.length === 0) throw new AppError('NOT_FOUND', `Crawl run ${options.runId} has no stored raw pages (pruned, or never fetched).`, { param: 'runId' });
    return rows;
  }
  if (options.targetId !== undefined) q = q.where('crawl_runs.target_id', '=', options.targetId);
  const rows = await q.orderBy('crawl_runs.id', 'desc').execute();
  // The latest run with pages, per target.
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.target_id)) latest.set(r.target_id, r);
  if (options.targetId !== undefined && latest.size === 0)
    throw new AppError('NOT_FOUND', `Target ${options.targetId} has no stored raw pages to reparse.`, { param: 'targetId' });
  return [...latest.values()].sort((a, b) => a.id - b.id);
}

async function registry(sites: readonly Record<string, unknown>[]): Promise<(source: string) => SourceAdapter> {
  const { getAdapter } = await import('./adapters/index');
  return (source) => getAdapter(source, sites);
}
