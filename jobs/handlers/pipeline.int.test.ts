import { describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '../../core/config/schema';
import { parseEnv } from '../../core/env';
import { silentLogger } from '../../core/logger';
import { seedTarget } from '../../crawlers/engine/testing/seed';
import { saveRawPage } from '../../crawlers/store/raw-pages';
import { createCrawlRun } from '../../db/queries/crawl-runs';
import { useTestDatabase } from '../../test/support/db';
import { rollupsHandler } from './pipeline';

vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);

describe('the scheduled rollups job', () => {
  it('refreshes rollups and drops raw pages past their retention, keeping recent ones and every review', async () => {
    const { db, dialect } = t();
    const settings = settingsSchema.parse({ crawl: { rawPageRetentionDays: 10 } });
    const targetId = await seedTarget(db, { url: 'http://127.0.0.1:9/retention' });
    const day = 86_400_000;
    const runId = await createCrawlRun(db, { targetId, mode: 'full', startedAt: new Date(Date.now() - 20 * day) });
    const page = (url: string) => ({ url, body: '<html></html>', status: 200, contentType: 'text/html' });
    await saveRawPage(db, { runId, targetId, page: page('http://127.0.0.1:9/old'), fetchedAt: new Date(Date.now() - 11 * day) });
    await saveRawPage(db, { runId, targetId, page: page('http://127.0.0.1:9/new'), fetchedAt: new Date(Date.now() - 9 * day) });

    const ctx = { db, dialect, env: parseEnv({}), config: null, settings, logger: silentLogger };
    const controller = new AbortController();
    const result = (await rollupsHandler(ctx)({ id: 'j1', queue: 'rollups', data: {}, retryCount: 0, signal: controller.signal, logger: silentLogger })) as { rawPagesPruned: number };
    expect(result.rawPagesPruned).toBe(1);
    expect((await db.selectFrom('raw_pages').select('url').execute()).map((r) => r.url)).toEqual(['http://127.0.0.1:9/new']);
  });
});
