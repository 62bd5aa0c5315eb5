import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trackTraffic } from './browse';
import { chromiumArgs } from './browser';
import { TabPool } from './tab-pool';

vi.setConfig({ hookTimeout: 60_000, testTimeout: 90_000 });
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Each page fetches its own JSON while rendering.
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/data') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ page: u.searchParams.get('p') }));
    const p = u.searchParams.get('p') ?? '0';
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><script>fetch('/data?p=${p}');</script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const pool = () => new TabPool({ size: 2, executablePath: chromium, args: chromiumArgs, userAgent: 'repwatch-tab-test/1.0' });

describe.skipIf(!existsSync(chromium))('TabPool', () => {
  it('reuses a tab from page to page and records only the current page’s data', async () => {
    const tabs = pool();
    try {
      for (const p of [1, 2, 3]) {
        const tab = await tabs.acquire();
        const traffic = trackTraffic(tab);
        await tab.goto(`${base}/?p=${p}`);
        await tab.waitForLoadState('networkidle');
        // Each page's traffic holds its own data only, though the tab served the earlier pages.
        expect((await Promise.all(traffic.responses)).map((c) => c?.body)).toEqual([JSON.stringify({ page: String(p) })]);
        traffic.stop?.();
        await tabs.release(tab, true);
      }
      expect(tabs.opened).toBe(1);
    } finally {
      await tabs.close();
    }
  });

  it('does not reuse a tab whose page failed, and opens no tab once closed', async () => {
    const tabs = pool();
    const first = await tabs.acquire();
    await tabs.release(first, false);
    expect(first.isClosed()).toBe(true);
    const second = await tabs.acquire();
    expect(second).not.toBe(first);
    expect(tabs.opened).toBe(2);
    await tabs.close();
    expect(second.isClosed()).toBe(true);
    await expect(tabs.acquire()).rejects.toThrow(/closed/);
  });
});
