import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigObject } from '../demo/config';
import { startDemoSite, type DemoSite } from '../demo/site';
import { buildDemoWorld } from '../demo/world';
import { repoRoot } from '../test/support/fixtures';

/**
 * `repwatch start` and `repwatch worker` as a user runs them, on the embedded
 * default: one process schedules crawls of the local demo site, runs them
 * and the processing after them, and serves the API and dashboard; Ctrl-C
 * stops it cleanly, and `status` then shows the runs and the job history.
 */
const bin = path.join(repoRoot, 'bin/repwatch.js');
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn' };

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...baseEnv, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let site: DemoSite;
const world = buildDemoWorld({ seed: 11, months: 2, scale: 0.3 });
beforeAll(async () => {
  site = await startDemoSite({ world, pageSize: 10 });
});
afterAll(async () => site?.close());

describe('repwatch start / worker', { timeout: 180_000 }, () => {
  it('start: schedules and runs crawls and processing, serves API + dashboard, stops cleanly on SIGINT', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-start-'));
    const config = demoConfigObject(site.url, world) as { locations: { targets: { options?: { browser?: boolean } }[] }[]; settings: Record<string, unknown> };
    // No browser here: the map listing needs Chromium, and the e2e tier covers it.
    for (const l of config.locations) l.targets = l.targets.filter((t) => !t.options?.browser);
    config.settings.schedules = { crawl: '*/2 * * * * *', fullSweep: '0 0 1 1 *', rollups: '*/5 * * * * *', alerts: '0 0 1 1 *', digest: '0 0 1 1 *' };
    writeFileSync(path.join(cwd, 'repwatch.json'), JSON.stringify(config));
    const targets = config.locations.reduce((n, l) => n + l.targets.length, 0) + ((config as { company?: { targets?: unknown[] } }).company?.targets?.length ?? 0);

    const key = run(['keys', 'create', '--role', 'admin'], cwd);
    expect(await key.exited).toBe(0);
    const apiKey = key.out().trim();

    const port = await freePort();
    const start = run(['start', '--port', String(port)], cwd);
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await until('the API', async () => ((await fetch(`${base}/health`)).ok ? true : null), 60_000);
      expect(health).toBe(true);
      expect((await fetch(`${base}/login`)).status).toBe(200);
      // Every enabled target gets crawled on schedule, by the worker in this process.
      const runs = await until(
        'a finished crawl of every target',
        async () => {
          const r = await fetch(`${base}/api/v1/crawl-runs?limit=200`, { headers: { Authorization: `Bearer ${apiKey}` } });
          const body = (await r.json()) as { items: { target_id: number; status: string }[] };
          const done = new Set(body.items.filter((i) => i.status !== 'running').map((i) => i.target_id));
          return done.size >= targets ? body.items : null;
        },
        120_000,
      );
      expect(runs.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(targets);
    } finally {
      start.child.kill('SIGINT');
    }
    expect(await start.exited).toBe(0);
    expect(start.err()).toMatch(/running scheduler, worker \(local queue\), API \+ dashboard on http:\/\/127\.0\.0\.1:\d+/);

    const status = run(['status', '--json', '--jobs', '200'], cwd);
    expect(await status.exited).toBe(0);
    const parsed = JSON.parse(status.out()) as { reviews: { reviews: number }[]; recentJobs: { queue: string; state: string }[]; pendingProcessing: number };
    expect(parsed.reviews.reduce((n, r) => n + r.reviews, 0)).toBeGreaterThan(0);
    const completed = (q: string) => parsed.recentJobs.filter((j) => j.queue === q && j.state === 'completed').length;
    expect(completed('crawl')).toBeGreaterThanOrEqual(targets);
    expect(completed('process')).toBeGreaterThanOrEqual(1);
  });

  it('worker and start --no-worker need PostgreSQL: one sentence, exit 2, on the embedded database', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-worker-'));
    const worker = run(['worker'], cwd);
    expect(await worker.exited).toBe(2);
    expect(worker.err().trim()).toBe('repwatch: A separate worker needs PostgreSQL (set DATABASE_URL): on the embedded database, `repwatch start` runs the worker in its own process.');
    const scheduleOnly = run(['start', '--no-worker'], cwd);
    expect(await scheduleOnly.exited).toBe(2);
    expect(scheduleOnly.err().trim()).toMatch(/^repwatch: On the embedded database .* drop --no-worker/);
  });

  it('rejects a bad --crawl-concurrency with exit 2', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-worker-'));
    const r = run(['worker', '--crawl-concurrency', 'many'], cwd);
    expect(await r.exited).toBe(2);
    expect(r.err()).toMatch(/--crawl-concurrency must be a whole number from 1 to 64, not "many"/);
  });
});
