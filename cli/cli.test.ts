import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../demo/site';
import { buildDemoWorld } from '../demo/world';
import { sitePaths } from '../demo/site/view';
import { repoRoot } from '../test/support/fixtures';

/** The `repwatch` command as a user runs it: a child process, stdout, stderr and exit code. */
function repwatch(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/repwatch.js'), ...args], {
      cwd: cwd ?? mkdtempSync(path.join(tmpdir(), 'repwatch-cli-')),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let site: DemoSite;
const world = buildDemoWorld({ seed: 7, months: 4, scale: 0.3 });
beforeAll(async () => {
  site = await startDemoSite({ world });
});
afterAll(async () => site?.close());

describe('repwatch CLI', { timeout: 60_000 }, () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await repwatch(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['demo', 'migrate', 'crawl', 'process', 'serve', 'extract', 'import-roster', 'import-cx', 'status', 'sentiment', 'attribute', 'keys'])
      expect(r.stdout).toContain(cmd);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await repwatch(['status', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('extract URL: a DealerRater-like page of the demo site, through HTTP', async () => {
    const location = world.locations[0]!;
    const r = await repwatch(['extract', `${site.url}${sitePaths.dealer(location)}`, '--source', 'dealerrater']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.source).toBe('dealerrater');
    expect(out.business.name).toContain(location.name.split(' ').pop());
    expect(out.reviews.length).toBe(10);
    expect(out.reviews[0].externalId).toBeTruthy();
    expect(out.reviews.some((x: { employees: unknown[] }) => x.employees.length > 0)).toBe(true);
    expect(out.nextPageUrl).toMatch(/page2/);
  });

  it('extract FILE --url: a saved schema.org company page of the demo site', async () => {
    const url = `${site.url}${sitePaths.company()}`;
    const html = await (await fetch(url)).text();
    const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-extract-'));
    const file = path.join(dir, 'company.html');
    writeFileSync(file, html);
    const r = await repwatch(['extract', file, '--source', 'schema-org', '--url', url]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.business.name).toBe(world.company.name);
    expect(out.business.reviewCount).toBeGreaterThan(out.reviews.length);
    expect(out.reviews[0].publishedAt.precision).toBe('exact');
    expect(out.nextPageUrl).toContain(site.url);
  });

  it('extract: a captcha page is reported as blocked (exit 7), never as zero reviews', async () => {
    site.setFailures([{ path: '/company', kind: 'captcha' }]);
    try {
      const r = await repwatch(['extract', `${site.url}${sitePaths.company()}`, '--source', 'schema-org']);
      expect(r.code).toBe(7);
      expect(JSON.parse(r.stdout).blocked.reason).toBe('captcha');
    } finally {
      site.setFailures([]);
    }
  });

  it('extract: a missing file is one clear sentence (exit 2)', async () => {
    const r = await repwatch(['extract', '/nonexistent/page.html']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('repwatch: Cannot read /nonexistent/page.html: no such file.');
  });

  it('an invalid config stops with one sentence, exit 3, and touches no data', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-badcfg-'));
    writeFileSync(path.join(cwd, 'repwatch.yaml'), 'company:\n  key: acme\n  name: Acme\npeople:\n  - key: ann\n    name: Ann\n    location: nowhere\n');
    const r = await repwatch(['migrate'], {}, cwd);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe('repwatch: repwatch.yaml: people[0].location: unknown location "nowhere"');
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('an unreachable database stops with one sentence, exit 4', async () => {
    const r = await repwatch(['status'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toMatch(/^repwatch: Cannot reach the PostgreSQL database at postgres:\/\/nobody@127\.0\.0\.1:1\/none: .*\.$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing Chromium stops a browser crawl with one sentence, exit 5, and stores nothing', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-nochrome-'));
    const location = world.locations[0]!;
    writeFileSync(
      path.join(cwd, 'repwatch.yaml'),
      [
        'company: { key: acme, name: Acme }',
        'locations:',
        `  - key: l1`,
        `    name: L1`,
        `    targets: [{ source: schema-org, url: "${site.url}${sitePaths.maps(location)}", options: { browser: true } }]`,
        'settings: { crawl: { delayMs: 0 } }',
      ].join('\n'),
    );
    const r = await repwatch(['crawl', '--all'], { CHROMIUM_PATH: '/nonexistent/chromium' }, cwd);
    expect(r.code).toBe(5);
    expect(r.stderr.trim()).toMatch(/^repwatch: Chromium was not found at \/nonexistent\/chromium.*\.$/);
    const status = await repwatch(['status', '--json'], {}, cwd);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.reviews).toEqual([]);
  });

  it('a crawl whose run fails exits 7 on the embedded database, and the run is recorded', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'repwatch-failcrawl-'));
    writeFileSync(
      path.join(cwd, 'repwatch.yaml'),
      [
        'company: { key: acme, name: Acme }',
        'locations:',
        '  - key: l1',
        '    name: L1',
        `    targets: [{ source: schema-org, url: "${site.url}/no-such-page" }]`,
        'settings: { crawl: { delayMs: 0, maxRetries: 0 } }',
      ].join('\n'),
    );
    const r = await repwatch(['crawl', '--all', '--json'], {}, cwd);
    expect(r.code).toBe(7);
    expect(JSON.parse(r.stdout)[0].status).toBe('failed');
    const status = JSON.parse((await repwatch(['status', '--json'], {}, cwd)).stdout);
    expect(status.targets[0].status).toBe('failed');
  });

  it('sentiment reads lines and prints one JSON object per line', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/repwatch.js'), 'sentiment'], { env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.end('Great service, very honest people!\nThey never called back and the fees were a rip off.\n');
    await new Promise((r) => child.on('close', r));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].score).toBeGreaterThan(0);
    expect(lines[1].score).toBeLessThan(0);
    expect(lines[1].themes.map((t: { theme: string }) => t.theme)).toContain('price');
  });
});
