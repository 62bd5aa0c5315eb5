import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Test tiers (docs/testing.md):
 *  - unit:         pure functions and saved pages, no database; may start servers on 127.0.0.1
 *  - int-pglite:   integration tests on embedded PGlite
 *  - int-postgres: the same integration tests on the real PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432/test)
 *  - e2e:          HTTP + a real browser (Debian's Chromium) against the demo
 *
 * On a developer machine without PostgreSQL or Chromium those tiers are left
 * out with a warning; under CI (CI=true) they always run, so they cannot
 * silently disappear there.
 */
const integration = ['**/*.int.test.ts'];
const e2e = ['**/*.e2e.test.ts'];
const exclude = ['node_modules/**', 'data/**', '.tmp*/**'];
const ci = process.env.CI === 'true' || process.env.CI === '1';

function postgresReachable(): boolean {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const probe = `require('net').connect(${Number(url.port || 5432)}, ${JSON.stringify(url.hostname)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const withPostgres = ci || postgresReachable();
const withBrowser = ci || existsSync(chromiumPath);
if (!withPostgres) console.warn('[repwatch tests] PostgreSQL not reachable: int-postgres tier skipped (set TEST_DATABASE_URL, or start PostgreSQL).');
if (!withBrowser) console.warn(`[repwatch tests] Chromium not found at ${chromiumPath}: e2e tier skipped (apt-get install chromium, or set CHROMIUM_PATH).`);

// Projects do not inherit the root's timeouts. Integration tests migrate fresh databases in their hooks,
// which on a loaded 2-core CI machine can take well over vitest's 10-second default.
const slow = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, ...integration, ...e2e] } },
      { test: { name: 'int-pglite', include: integration, exclude, ...slow, env: { REPWATCH_TEST_DIALECT: 'pglite' } } },
      ...(withPostgres
        ? [{ test: { name: 'int-postgres', include: integration, exclude, ...slow, env: { REPWATCH_TEST_DIALECT: 'postgres' } } }]
        : []),
      ...(withBrowser
        ? [{ test: { name: 'e2e', include: e2e, exclude, testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } }]
        : []),
    ],
  },
});
