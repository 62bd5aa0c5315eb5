import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsScript } from './lib/child';
import { option, quick, round } from './lib/cli';
import { postgresVersion } from './lib/pg';
import { updateDoc, type SuiteResults } from './report';

/**
 * The whole suite: `npm run bench` (full, under 20 minutes on 2 cores),
 * `npm run bench -- --quick` (development mode, under 2 minutes) or
 * `npm run bench -- --large` (the growth run: processing at 100k, 1M and 5M
 * stored reviews and the API at 5M reviews and 20,000 people, the issue's
 * sizes; about 40 minutes, so kept apart from the 20-minute run). Each benchmark
 * runs in its own process, one after the other (they would skew each other's
 * figures); the results go to bench/results/<date>-<mode>.json and the
 * mode's table in docs/benchmarks.md is rewritten. `--only crawl,api` runs a subset.
 */
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const large = process.argv.includes('--large');
const mode = quick ? 'quick' : large ? 'large' : 'full';
/** Crawl and job figures do not depend on how many reviews are stored: the large run leaves them out. */
const all = large ? ['processing', 'api'] : ['crawl', 'processing', 'api', 'jobs'];
const argsOf: Record<string, string[]> = quick
  ? { crawl: ['--quick'], processing: ['--quick'], api: ['--quick'], jobs: ['--quick'] }
  : large
    ? { processing: ['--sizes', '100000,1000000,5000000'], api: ['--reviews=5000000', '--people=20000', '--locations=400'] }
    : {};
const only = option('only')?.split(',') ?? all;

const started = performance.now();
const cpus = os.cpus();
const results: SuiteResults = {
  mode,
  date: new Date().toISOString(),
  command: `npm run bench${mode === 'full' ? '' : ` -- --${mode}`}`,
  machine: {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres: await postgresVersion(),
    os: `${os.type()} ${os.release()}`,
  },
  totalSeconds: 0,
  benchmarks: {},
};

for (const name of all.filter((b) => only.includes(b))) {
  process.stderr.write(`\n== ${name} (${mode}) ==\n`);
  const t0 = performance.now();
  try {
    const result = await runTsScript(path.join(root, 'bench', name, 'run.ts'), argsOf[name] ?? [], { timeoutMs: (large ? 45 : 15) * 60_000 });
    results.benchmarks[name] = { seconds: round((performance.now() - t0) / 1000), result };
  } catch (e) {
    results.benchmarks[name] = { seconds: round((performance.now() - t0) / 1000), error: (e as Error).message };
  }
  process.stderr.write(`== ${name}: ${results.benchmarks[name]!.seconds} s ==\n`);
}
results.totalSeconds = round((performance.now() - started) / 1000);

const dir = path.join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${results.date.slice(0, 10)}-${mode}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
const doc = path.join(root, 'docs', 'benchmarks.md');
if (only.length === all.length && existsSync(doc)) updateDoc(doc, results);
process.stderr.write(`\nresults: ${path.relative(root, file)}; ${results.totalSeconds} s in all\n`);
process.exit(Object.values(results.benchmarks).some((b) => b.error) ? 1 : 0);
