import type { Command } from 'commander';
import { sql } from 'kysely';
import { openApp, type GlobalOptions } from '../bootstrap';
import { listRecentJobs } from '../../jobs/queue/history';
import { wholeNumber } from '../options';
import { printJson, table } from '../output';

/** `repwatch status`: targets with their last run and coverage, and review counts per level. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('targets, their last crawl runs and coverage, review counts')
    .option('--json', 'machine-readable output')
    .option('--jobs <n>', 'how many recent jobs of the queue to list', wholeNumber('--jobs', 0, 1000), 10)
    .action(async (opts: { json?: boolean; jobs: number }) => {
      const app = await openApp({ ...program.opts<GlobalOptions>(), sync: false });
      try {
        const db = app.ctx.db;
        const targets = await db
          .selectFrom('targets as t')
          .innerJoin('sources as s', 's.id', 't.source_id')
          .leftJoinLateral(
            (eb) =>
              eb
                .selectFrom('crawl_runs as r')
                .select(['r.status', 'r.started_at', 'r.pages', 'r.reviews_new', 'r.site_review_count', 'r.stored_review_count', 'r.error_message', 'r.blocked_reason'])
                .whereRef('r.target_id', '=', 't.id')
                .orderBy('r.started_at', 'desc')
                .limit(1)
                .as('last'),
            (join) => join.onTrue(),
          )
          .select([
            't.id',
            't.key',
            's.key as source',
            't.entity_kind as level',
            't.enabled',
            'last.status',
            'last.started_at as last_run',
            'last.pages',
            'last.reviews_new as new',
            'last.site_review_count as site_count',
            'last.stored_review_count as stored',
            'last.error_message',
            'last.blocked_reason',
          ])
          .orderBy('t.id')
          .execute();
        const counts = await db
          .selectFrom('reviews')
          .select(['entity_kind', sql<number>`count(*)`.as('reviews'), sql<number>`count(*) filter (where removed_at is not null)`.as('removed')])
          .groupBy('entity_kind')
          .execute();
        const pending = await db.selectFrom('processing_queue').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = targets.map((t) => ({
          ...t,
          coverage: t.site_count ? `${Math.round((100 * (t.stored ?? 0)) / t.site_count)}%` : '',
          note: t.blocked_reason ?? t.error_message ?? '',
        }));
        const jobs = (opts.jobs ? await listRecentJobs(app.ctx, opts.jobs) : []).map((j) => ({
          queue: j.queue,
          state: j.state,
          target: (j.data.targetId as number | undefined) ?? '',
          retries: j.retryCount,
          created: j.createdOn.toISOString(),
          took: j.startedOn && j.completedOn ? `${((j.completedOn.getTime() - j.startedOn.getTime()) / 1000).toFixed(1)}s` : '',
          error: j.state === 'failed' ? String((j.output as { message?: string } | null)?.message ?? '').slice(0, 80) : '',
        }));
        if (opts.json) {
          printJson({ database: app.handle.description, targets: rows, reviews: counts, pendingProcessing: pending.n, recentJobs: jobs });
          return;
        }
        process.stdout.write(`database: ${app.handle.description}\n\n`);
        process.stdout.write(`${table(rows, ['id', 'key', 'source', 'level', 'status', 'last_run', 'pages', 'new', 'coverage', 'note'])}\n\n`);
        process.stdout.write(`${table(counts as Record<string, unknown>[])}\n`);
        process.stdout.write(`\nwaiting for processing: ${pending.n}\n`);
        if (jobs.length) process.stdout.write(`\nrecent jobs:\n${table(jobs, ['queue', 'state', 'target', 'retries', 'created', 'took', 'error'])}\n`);
      } finally {
        await app.close();
      }
    });
}
