import { startServer } from '../../api/server';
import { settingsSchema } from '../../core/config/schema';
import { parseEnv } from '../../core/env';
import { silentLogger } from '../../core/logger';
import { openDatabase } from '../../db/connection';

/**
 * The API under test, in its own process so the load generator does not
 * share its event loop. Prints one JSON line with the URL once listening.
 * Rate limiting is off: the benchmark drives one key far past any sane limit.
 * The response cache is on (as deployed) unless BENCH_CACHE_MB=0.
 */
const url = process.env.BENCH_DATABASE_URL!;
const schema = process.env.BENCH_SCHEMA!;
const pool = Number(process.env.BENCH_POOL ?? 20);
const handle = await openDatabase({ url, schema, poolSize: pool });
const ctx = { db: handle.db, dialect: handle.dialect, env: parseEnv({}), config: null, settings: settingsSchema.parse({}), logger: silentLogger, database: handle };
const server = await startServer(ctx, { port: 0, host: '127.0.0.1', rateLimit: false, schema, responseCacheMb: Number(process.env.BENCH_CACHE_MB ?? 64) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = async () => {
  await server.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
