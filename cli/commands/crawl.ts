import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { env } from '../../core/env';
import type { CrawlRunSummary } from '../../crawlers/engine/types';
import { loadConfig, openApp, type GlobalOptions } from '../bootstrap';
import { printJson, progress, table } from '../output';

/** crawl, reparse, extract. Heavy modules (crawlee, playwright) load inside the actions, so --help stays fast. */
export function registerCrawlCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('crawl')
    .description('crawl targets now: newest first, stopping at known reviews (or --full to re-read everything)')
    .option('--target <id...>', 'target id(s) or key(s) (see `repwatch status`)')
    .option('--all', 'every enabled target')
    .option('--full', 'full sweep: read every page (finds edits and removals)')
    .option('--json', 'print the run summaries as JSON')
    .action(async (opts: { target?: string[]; all?: boolean; full?: boolean; json?: boolean }) => {
      if (!opts.target && !opts.all) throw new AppError('BAD_REQUEST', 'Say which targets to crawl: --target ID (repeatable) or --all.');
      const app = await openApp(globals());
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      try {
        const targetIds = opts.target ? await resolveTargetIds(app.ctx.db, opts.target) : undefined;
        const bar = progress('crawl');
        const { runCrawl } = await import('../../crawlers/engine/run-crawl');
        const runs = await runCrawl(
          { db: app.ctx.db, settings: app.ctx.settings, env: app.ctx.env, logger: app.ctx.logger, sites: app.ctx.config?.sites },
          {
            targetIds,
            all: opts.all,
            mode: opts.full ? 'full' : 'auto',
            signal: abort.signal,
            onProgress: (p) => bar.update(`target ${p.targetId}: ${p.pages} pages, ${p.reviewsSeen} reviews (${p.reviewsNew} new)`),
          },
        );
        bar.done();
        report(runs, opts.json);
        if (runs.some((r) => r.status === 'failed' || r.status === 'blocked')) process.exitCode = 7;
      } finally {
        process.off('SIGINT', onSignal);
        await app.close();
      }
    });

  program
    .command('reparse')
    .description('re-run the current adapters over stored raw pages, without crawling (after an adapter fix)')
    .option('--target <id>', 'only this target')
    .option('--run <id>', 'only this crawl run')
    .action(async (opts: { target?: string; run?: string }) => {
      const app = await openApp(globals());
      try {
        const { reparse } = await import('../../crawlers/reparse');
        const summaries = await reparse(
          { db: app.ctx.db, settings: app.ctx.settings, env: app.ctx.env, logger: app.ctx.logger, sites: app.ctx.config?.sites },
          { targetId: opts.target ? Number(opts.target) : undefined, runId: opts.run ? Number(opts.run) : undefined },
        );
        printJson(summaries);
      } finally {
        await app.close();
      }
    });

  program
    .command('extract')
    .description('print what an adapter extracts from one page (a saved file or a live URL), as JSON')
    .argument('<fileOrUrl>', 'a saved HTML/JSON file, or an http(s) URL')
    .option('--source <name>', 'adapter: trustpilot, dealerrater, google-maps, yelp, lendingtree, zillow, schema-org, custom:<key>')
    .option('--url <originalUrl>', 'for a saved file: the URL it was saved from')
    .action(async (input: string, opts: { source?: string; url?: string }) => {
      const isUrl = /^https?:\/\//i.test(input);
      // extract needs no database; the config is read only for declarative `sites`.
      const config = loadConfig(globals().config, env());
      const { extractOne } = await import('../../crawlers/extract-one');
      const extraction = await extractOne({
        ...(isUrl ? { url: input } : { file: input }),
        source: opts.source,
        originalUrl: opts.url,
        sites: config?.sites,
        userAgent: config?.settings.crawl.userAgent,
      });
      printJson(extraction);
      if (extraction.blocked) {
        process.stderr.write(`repwatch: the page is blocked (${extraction.blocked.reason}): ${extraction.blocked.detail}\n`);
        process.exitCode = 7;
      }
    });
}

async function resolveTargetIds(db: import('kysely').Kysely<import('../../db/types').Database>, refs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) {
    const row = /^\d+$/.test(ref)
      ? await db.selectFrom('targets').select('id').where('id', '=', Number(ref)).executeTakeFirst()
      : await db.selectFrom('targets').select('id').where('key', '=', ref).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No target "${ref}" (see \`repwatch status\`).`, { param: 'target' });
    ids.push(row.id);
  }
  return ids;
}

function report(runs: CrawlRunSummary[], json?: boolean): void {
  if (json) return printJson(runs);
  process.stdout.write(
    `${table(
      runs.map((r) => ({
        target: r.targetKey,
        mode: r.mode,
        status: r.status,
        pages: r.pages,
        seen: r.reviewsSeen,
        new: r.reviewsNew,
        changed: r.reviewsChanged,
        removed: r.reviewsRemoved,
        coverage: r.siteReviewCount ? `${r.storedReviewCount ?? 0}/${r.siteReviewCount}` : '',
        note: r.blockedReason ?? r.errorMessage ?? '',
      })),
    )}\n`,
  );
}
