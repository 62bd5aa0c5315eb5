import { existsSync } from 'node:fs';
import { loadConfigFile } from '../core/config/load';
import { settingsSchema, type RepwatchConfig } from '../core/config/schema';
import type { AppContext } from '../core/context';
import { env as readEnv, type Env } from '../core/env';
import { createLogger } from '../core/logger';
import { openDatabase, type DatabaseHandle } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncConfig } from '../domain/roster/sync-config';

/**
 * Start-up shared by the commands: environment → config (validated before
 * anything is written) → database (migrated) → roster synced from the config.
 */
export interface GlobalOptions {
  config?: string;
  quiet?: boolean;
}

export function resolveConfigPath(explicit: string | undefined, env: Env): string | undefined {
  if (explicit) return explicit;
  if (env.REPWATCH_CONFIG) return env.REPWATCH_CONFIG;
  return ['repwatch.yaml', 'repwatch.yml', 'repwatch.json'].find((f) => existsSync(f));
}

export function loadConfig(explicit: string | undefined, env: Env): Readonly<RepwatchConfig> | null {
  const file = resolveConfigPath(explicit, env);
  return file ? loadConfigFile(file) : null;
}

export async function openApp(
  options: GlobalOptions & { sync?: boolean; configObject?: Readonly<RepwatchConfig>; env?: Env; poolSize?: number },
): Promise<{ ctx: AppContext; handle: DatabaseHandle; close(): Promise<void> }> {
  const env = options.env ?? readEnv();
  // Validate the config first: an invalid file must stop us before the database is touched.
  const config = options.configObject ?? loadConfig(options.config, env);
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir, poolSize: options.poolSize });
  try {
    await migrateToLatest(handle);
    if (config && options.sync !== false) await syncConfig(handle.db, config);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const settings = config?.settings ?? settingsSchema.parse({});
  const logger = createLogger(options.quiet ? 'warn' : env.LOG_LEVEL);
  const ctx: AppContext = { db: handle.db, dialect: handle.dialect, env, config, settings, logger, database: handle };
  return { ctx, handle, close: () => handle.close() };
}
