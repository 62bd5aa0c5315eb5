import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { openApp, type GlobalOptions } from '../bootstrap';
import { wholeNumber } from '../options';

/**
 * `start` (scheduler + worker + API + dashboard in one process) and `worker`
 * (one more worker on the shared PostgreSQL queue). Both run until SIGINT or
 * SIGTERM, then let running jobs finish (up to --stop-timeout) and exit 0.
 */
export function registerJobCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('start')
    .description('run the scheduler, a worker and the API + dashboard in one process (the whole of repwatch)')
    .option('--port <port>', 'API/dashboard port (default $PORT or 8080)', wholeNumber('--port', 1, 65_535))
    .option('--host <host>', 'interface (default $HOST or 127.0.0.1)')
    .option('--no-api', 'no HTTP server in this process')
    .option('--no-worker', 'schedule only; workers elsewhere take the jobs (PostgreSQL only)')
    .option('--no-scheduler', 'no schedules in this process')
    .option('--crawl-concurrency <n>', 'crawl jobs this worker runs at once (default 2)', wholeNumber('--crawl-concurrency', 1, 64))
    .option('--stop-timeout <seconds>', 'how long a stop waits for running jobs (default 30)', wholeNumber('--stop-timeout', 1, 3_600))
    .action(async (opts: { port?: number; host?: string; api: boolean; worker: boolean; scheduler: boolean; crawlConcurrency?: number; stopTimeout?: number }) => {
      const app = await openApp(globals());
      if (app.ctx.dialect === 'pglite' && !opts.worker)
        throw new AppError('BAD_REQUEST', 'On the embedded database (no DATABASE_URL) jobs run only in the process that schedules them: drop --no-worker, or set DATABASE_URL to a PostgreSQL database.', { param: '--no-worker' });
      const { startAll } = await import('../../jobs/runtime');
      const running = await startAll(app.ctx, {
        api: opts.api,
        worker: opts.worker,
        scheduler: opts.scheduler,
        port: opts.port,
        host: opts.host,
        workerOptions: { concurrency: opts.crawlConcurrency ? { crawl: opts.crawlConcurrency } : undefined, stopTimeoutMs: (opts.stopTimeout ?? 30) * 1000 },
      }).catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
      const parts = [opts.scheduler && 'scheduler', opts.worker && `worker (${running.queue?.kind ?? 'no'} queue)`, running.apiUrl && `API + dashboard on ${running.apiUrl}`].filter(Boolean);
      process.stderr.write(`repwatch: running ${parts.join(', ')} (Ctrl-C stops)\n`);
      await untilSignal();
      process.stderr.write('repwatch: stopping, letting running jobs finish…\n');
      await running.stop();
      await app.close();
    });

  program
    .command('worker')
    .description('run one worker on the shared PostgreSQL queue (start as many as you like, on any machine)')
    .option('--crawl-concurrency <n>', 'crawl jobs this worker runs at once (default 2)', wholeNumber('--crawl-concurrency', 1, 64))
    .option('--metrics-port <port>', 'serve Prometheus /metrics for this worker on this port', wholeNumber('--metrics-port', 0, 65_535))
    .option('--stop-timeout <seconds>', 'how long a stop waits for running jobs (default 30)', wholeNumber('--stop-timeout', 1, 3_600))
    .action(async (opts: { crawlConcurrency?: number; metricsPort?: number; stopTimeout?: number }) => {
      const app = await openApp({ ...globals(), sync: false });
      if (app.ctx.dialect === 'pglite') {
        await app.close();
        throw new AppError('BAD_REQUEST', 'A separate worker needs PostgreSQL (set DATABASE_URL): on the embedded database, `repwatch start` runs the worker in its own process.', { param: 'DATABASE_URL' });
      }
      const { startWorker } = await import('../../jobs/worker');
      const worker = await startWorker(app.ctx, {
        concurrency: opts.crawlConcurrency ? { crawl: opts.crawlConcurrency } : undefined,
        metricsPort: opts.metricsPort,
        stopTimeoutMs: (opts.stopTimeout ?? 30) * 1000,
      }).catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
      process.stderr.write(`repwatch: worker ${process.pid} ready${worker.metricsUrl ? `, metrics on ${worker.metricsUrl}` : ''} (Ctrl-C stops)\n`);
      await untilSignal();
      process.stderr.write('repwatch: stopping the worker, letting running jobs finish…\n');
      await worker.stop();
      await app.close();
    });
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
