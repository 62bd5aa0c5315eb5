import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../api/server';
import { parseEnv } from '../core/env';
import { runDemo, type RunningDemo } from '../demo/run-demo';
import { HOSTILE_TEXT } from '../demo/world/reviews';
import { serveDashboard } from './testing/world';

/**
 * The dashboard over the demo: reviews that came through the real crawlers
 * from the local demo site (several sources, edits, removals, the planted
 * hostile review at Riverside), processed and rolled up, with demo CX.
 * Default filters, so each monthly chart shows the API's default year.
 */
const SHOTS = path.resolve('test-results/screenshots');
let dir: string;
let demo: RunningDemo;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), 'repwatch-dash-demo-'));
  demo = await runDemo({ env: parseEnv({ REPWATCH_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' }), serve: false, months: 8, scale: 0.5, noBrowser: true });
  server = await serveDashboard(demo.ctx);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await demo?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(key: string) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('API key').fill(key);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { page, errors, dialogs };
}

async function drawn(page: Page): Promise<Record<string, string | null>> {
  const n = await page.locator('[data-chart]').count();
  await page.waitForFunction((k) => document.querySelectorAll('[data-chart][data-drawn="true"]').length === k, n);
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-chart]')].map((el) => [el.id, el.dataset.points ?? null])));
}

const locationId = async (key: string) => (await demo.ctx.db.selectFrom('locations').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

describe('dashboard over the crawled demo', () => {
  it('shows every page without console errors, a monthly point per month of the default year', async () => {
    const s = await signedIn(demo.summary.adminKey);
    const riverside = await locationId('riverside');
    const person = await demo.ctx.db.selectFrom('people').select('id').where('location_id', '=', riverside).orderBy('id').executeTakeFirstOrThrow();
    for (const [name, url] of [['overview', '/overview'], ['location', `/locations/${riverside}`], ['salesperson', `/people/${person.id}`], ['leadership', '/leadership'], ['sources', '/sources']] as const) {
      const res = await s.page.goto(`${server.url}${url}`);
      expect(res?.status(), url).toBe(200);
      const points = await drawn(s.page);
      for (const [id, n] of Object.entries(points)) if (id !== 'chart-scatter') expect(n, `${url} ${id}`).toBe('12');
      await s.page.screenshot({ path: path.join(SHOTS, `demo-${name}.png`), fullPage: true });
    }
    expect(s.errors).toEqual([]);
    await s.page.close();
  });

  it('shows the planted hostile review at Riverside as text, and nothing runs', async () => {
    const s = await signedIn(demo.summary.adminKey);
    await s.page.goto(`${server.url}/locations/${await locationId('riverside')}`);
    await drawn(s.page);
    expect(await s.page.locator('#needing-list').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(HOSTILE_TEXT).toContain('<script>alert(1)</script>');
    expect(await s.page.evaluate(() => document.querySelectorAll('#needing-list img[src=x], img').length)).toBe(0);
    await s.page.waitForTimeout(300);
    expect(s.dialogs).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.page.close();
  });

  it("keeps the demo manager to their location", async () => {
    const s = await signedIn(demo.summary.managerKey);
    const own = Number(new URL(s.page.url()).pathname.split('/').pop());
    const other = await demo.ctx.db.selectFrom('locations').select('id').where('id', '<>', own).orderBy('id').executeTakeFirstOrThrow();
    expect((await s.page.goto(`${server.url}/locations/${other.id}`))?.status()).toBe(403);
    expect((await s.page.goto(`${server.url}/overview`))?.status()).toBe(403);
    await s.page.close();
  });
});
