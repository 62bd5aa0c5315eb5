import type { Command } from 'commander';
import { openApp, type GlobalOptions } from '../bootstrap';
import { printJson } from '../output';

/** process (the processing job, once) and serve (API + dashboard). */
export function registerServeCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('process')
    .description('normalise, attribute and score new or changed reviews, then refresh the rollups they touch')
    .option('--rebuild', 'rebuild every rollup from scratch (after a roster change or a new Reputation Index formula)')
    .action(async (opts: { rebuild?: boolean }) => {
      const app = await openApp(globals());
      try {
        const { processPendingReviews } = await import('../../jobs/processing/process-reviews');
        const { refreshRollups } = await import('../../jobs/rollups/refresh-rollups');
        const report = await processPendingReviews(app.ctx.db, { settings: app.ctx.settings, logger: app.ctx.logger });
        const rollups = await refreshRollups(app.ctx.db, { settings: app.ctx.settings, touched: opts.rebuild ? 'all' : report.touched, logger: app.ctx.logger });
        const { touched, ...rest } = report;
        printJson({ ...rest, touchedReviews: touched.size, rollups });
      } finally {
        await app.close();
      }
    });

  program
    .command('serve')
    .description('serve the API and dashboard (reads the database; never crawls)')
    .option('--port <port>', 'port (default $PORT or 8080)', (v) => Number(v))
    .option('--host <host>', 'interface (default $HOST or 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const app = await openApp(globals());
      const { startWebServer } = await import('../../dashboard/serve');
      const server = await startWebServer(app.ctx, { port: opts.port ?? app.ctx.env.PORT, host: opts.host ?? app.ctx.env.HOST });
      process.stderr.write(`repwatch: serving on ${server.url} (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await app.close();
    });
}
