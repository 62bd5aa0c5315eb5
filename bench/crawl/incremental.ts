import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { parseEnv } from '../../core/env';
import { silentLogger } from '../../core/logger';
import { runCrawl } from '../../crawlers/engine/run-crawl';
import { schemaOrgAdapter } from '../../crawlers/adapters/schema-org';
import { seedTarget, testSettings } from '../../crawlers/engine/testing/seed';
import { startBenchServer } from './bench';

/**
 * A 100-page target stored by a full sweep (real storage on an in-memory
 * PGlite), then re-crawled incrementally while unchanged: how many pages does
 * the re-crawl fetch? The bound is 2.
 */
export interface IncrementalResult {
  targetPages: number;
  fullSweepPages: number;
  incrementalPagesFetched: number;
}

export async function incrementalBench(): Promise<IncrementalResult> {
  const server = await startBenchServer(100);
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(handle);
    const targetId = await seedTarget(handle.db, { url: `${server.base}/t/1`, source: 'schema-org' });
    const ctx = {
      db: handle.db,
      settings: testSettings({ maxPagesPerRun: 1000, respectRobotsTxt: false }),
      env: parseEnv({}),
      logger: silentLogger,
      resolveAdapter: () => schemaOrgAdapter,
    };
    const [full] = await runCrawl(ctx, { targetIds: [targetId], mode: 'full' });
    server.reset();
    await runCrawl(ctx, { targetIds: [targetId], mode: 'incremental' });
    return { targetPages: 100, fullSweepPages: full!.pages, incrementalPagesFetched: await server.requests() };
  } finally {
    await handle.close();
    await server.close();
  }
}
