import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/support/db';
import { apiContext } from '../test/support/seed-api';
import type { RunningServer } from '../api/server';
import { RANGE, seedDashboard, serveDashboard, type DashboardSeed } from './testing/world';

/**
 * The dashboard in Debian's Chromium against a real server on 127.0.0.1:
 * signing in through the form, every page loading without console errors,
 * charts drawn with one point per period, a filter changing the URL and the
 * numbers, a manager kept out of another location, and the hostile review
 * staying inert. A screenshot of each page is saved for a person to look at.
 */
const SHOTS = path.resolve('test-results/screenshots');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let seed: DashboardSeed;
let server: RunningServer;
let browser: Browser;
const range = `from=${RANGE.from}&to=${RANGE.to}`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = await createTestDatabase('dashboard-e2e');
  seed = await seedDashboard(db.db);
  server = await serveDashboard(apiContext(db));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  dialogs: string[];
}

/** A fresh browser profile signed in through the form, recording console errors and dialogs. */
async function signIn(key: string, viewport = { width: 1366, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('API key').fill(key);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { context, page, errors, dialogs };
}

/** Opens a page, waits until every chart on it is drawn, and returns each chart's point count. */
async function open(s: Session, url: string, screenshot?: string): Promise<Record<string, number>> {
  const res = await s.page.goto(`${server.url}${url}`);
  expect(res?.status(), url).toBe(200);
  const charts = await s.page.locator('[data-chart]').count();
  await s.page.waitForFunction((n) => document.querySelectorAll('[data-chart][data-drawn="true"]').length === n, charts);
  if (screenshot) await s.page.screenshot({ path: path.join(SHOTS, `${screenshot}.png`), fullPage: true });
  return s.page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-chart]')) {
      const u = (window as unknown as { repwatchCharts: Record<string, { data: unknown[][] }> }).repwatchCharts[el.id]!;
      // The attribute the page sets and uPlot's own data must agree.
      if (Number(el.dataset.points) !== u.data[0]!.length) throw new Error(`${el.id}: data-points ${el.dataset.points} vs ${u.data[0]!.length}`);
      out[el.id] = u.data[0]!.length;
    }
    return out;
  });
}

describe('dashboard in Chromium', () => {
  it('signs in through the form with an HttpOnly, SameSite=Lax cookie the page cannot read', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/overview`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: path.join(SHOTS, 'login.png'), fullPage: true });
    await page.getByLabel('API key').fill('rw_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown or has been revoked');
    await page.getByLabel('API key').fill(seed.keys.admin);
    await Promise.all([page.waitForURL('**/overview'), page.getByRole('button', { name: 'Sign in' }).click()]);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'repwatch_session', httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await context.close();
  });

  it('loads every page without console errors, charts drawn with one point per period', async () => {
    const s = await signIn(seed.keys.admin);
    expect(await open(s, `/overview?${range}`, 'overview')).toEqual({ 'chart-index': 10, 'chart-rating': 10, 'chart-volume': 10 });
    expect(await open(s, `/locations/${seed.locations.north}?${range}`, 'location')).toEqual({ 'chart-rating': 10, 'chart-volume': 10, 'chart-mood': 10 });
    expect(await open(s, `/people/${seed.people.mike}?${range}`, 'salesperson')).toEqual({ 'chart-person': 10 });
    expect(await open(s, `/leadership?${range}`, 'leadership')).toEqual({ 'chart-scatter': 3, 'chart-aligned': 10 });
    expect(await open(s, '/sources', 'sources')).toEqual({});
    expect(await s.page.getByRole('heading', { level: 1 }).textContent()).toContain('Sources and crawl health');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('a filter changes the URL and the numbers, and survives a reload', async () => {
    const s = await signIn(seed.keys.marketing);
    await open(s, `/locations/${seed.locations.south}?${range}`);
    const before = await s.page.locator('#chart-rating + script').textContent();
    await s.page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await Promise.all([s.page.waitForURL(/granularity=quarter/), s.page.getByRole('button', { name: 'Apply' }).click()]);
    const url = new URL(s.page.url());
    expect(url.searchParams.get('granularity')).toBe('quarter');
    expect(url.searchParams.get('from')).toBe(RANGE.from);
    // Empty fields stay out of the address.
    expect(url.searchParams.has('source')).toBe(false);
    await s.page.waitForSelector('#chart-rating[data-drawn="true"]');
    expect(await s.page.locator('#chart-rating').getAttribute('data-points')).toBe('4');
    expect(await s.page.locator('#chart-rating + script').textContent()).not.toBe(before);
    await s.page.reload();
    await s.page.waitForSelector('#chart-rating[data-drawn="true"]');
    expect(await s.page.locator('#chart-rating').getAttribute('data-points')).toBe('4');
    expect(await s.page.getByLabel('Period', { exact: true }).inputValue()).toBe('quarter');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('keeps a manager out of another location', async () => {
    const s = await signIn(seed.keys.manager);
    expect(new URL(s.page.url()).pathname).toBe(`/locations/${seed.locations.north}`);
    const res = await s.page.goto(`${server.url}/locations/${seed.locations.south}`);
    expect(res?.status()).toBe(403);
    expect(await s.page.getByRole('heading', { level: 1 }).textContent()).toBe('Not available with this key');
    await s.page.screenshot({ path: path.join(SHOTS, 'forbidden.png'), fullPage: true });
    expect(await s.page.locator('[data-chart]').count()).toBe(0);
    await s.context.close();
  });

  it('renders the hostile review as inert text', async () => {
    const s = await signIn(seed.keys.admin);
    await open(s, `/locations/${seed.locations.east}?${range}`, 'location-hostile');
    const list = s.page.locator('#needing-list');
    const text = await list.innerText();
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(await s.page.evaluate(() => document.querySelectorAll('#needing-list img[src=x]').length)).toBe(0);
    expect(await s.page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(await s.page.evaluate(() => [...document.querySelectorAll('script')].filter((el) => el.textContent?.includes('alert(1)') && el.type !== 'application/json').length)).toBe(0);
    await s.page.waitForTimeout(300);
    expect(s.dialogs).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('fits a phone screen and shows keyboard focus', async () => {
    const s = await signIn(seed.keys.admin, { width: 390, height: 844 });
    expect(await open(s, `/locations/${seed.locations.north}?${range}`, 'location-phone')).toEqual({ 'chart-rating': 10, 'chart-volume': 10, 'chart-mood': 10 });
    expect(await s.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await open(s, `/people/${seed.people.mike}?${range}`, 'salesperson-phone');
    await s.page.keyboard.press('Tab');
    const focused = await s.page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
