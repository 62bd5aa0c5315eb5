import type { Command } from 'commander';
import { env } from '../../core/env';
import type { DemoSummary } from '../../demo/run-demo';
import { printJson } from '../output';

/** `repwatch demo` (also `npm start`): the main job end to end on the embedded default. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('crawl a local demo review site with the real crawlers, process it, import demo CX scores and serve the API + dashboard')
    .option('--port <port>', 'API/dashboard port (default $PORT or 8080)', (v) => Number(v))
    .option('--no-serve', 'run the pipeline, print the summary and exit')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { port?: number; serve: boolean; json?: boolean }) => {
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const { runDemo } = await import('../../demo/run-demo');
      const demo = await runDemo({ env: env(), serve: opts.serve, port: opts.port, say });
      if (opts.json) printJson(demo.summary);
      else printSummary(demo.summary);
      if (!opts.serve) return demo.stop();
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('\nstopping…\n');
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await demo.stop();
    });
}

function printSummary(s: DemoSummary): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out();
  out(`reviews: ${s.reviews.company} company, ${s.reviews.location} location, ${s.reviews.person} salesperson-page reviews`);
  out(`         ${s.reviews.edited} edited (versions kept), ${s.reviews.removed} removed from the site; ${s.attributions} attributions to salespeople`);
  out();
  out('locations by shrunk rating (last 90 days):');
  for (const [i, l] of s.locations.entries())
    out(`  ${i === 0 ? 'top   ' : i === s.locations.length - 1 ? 'bottom' : '      '} ${l.name.padEnd(28)} ${fmt(l.shrunk)} (raw ${fmt(l.rating)}, ${l.reviews} reviews)`);
  for (const w of s.warnings) out(`warning: ${w}`);
  out();
  if (s.apiUrl) {
    out(`dashboard:  ${s.apiUrl}/            (log in with the admin key)`);
    out(`API docs:   ${s.apiUrl}/docs`);
    out(`admin key:  ${s.adminKey}`);
    out(`manager key (one location only): ${s.managerKey}`);
    out(`try:        curl -H "Authorization: Bearer ${s.adminKey}" "${s.apiUrl}/api/v1/entities/tree"`);
    out();
    out('Ctrl-C stops the demo.');
  }
}

const fmt = (v: number | null) => (v === null ? ' n/a' : v.toFixed(2));
