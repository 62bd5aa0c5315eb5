import type { Kysely } from 'kysely';
import type { DatabaseHandle, Dialect } from '../db/connection';
import type { Database } from '../db/types';
import type { RepwatchConfig, Settings } from './config/schema';
import type { Env } from './env';
import type { Logger } from './logger';

/**
 * What long-running parts (API, jobs, crawlers) need, built once at start-up
 * and passed down explicitly. Tests build their own.
 */
export interface AppContext {
  db: Kysely<Database>;
  dialect: Dialect;
  env: Env;
  /** The loaded config file, or null when running without one (API-managed roster). */
  config: Readonly<RepwatchConfig> | null;
  settings: Readonly<Settings>;
  logger: Logger;
  /** The handle behind db, where more than queries is needed (the API's change feed listens through it). */
  database?: Pick<DatabaseHandle, 'listen' | 'schema'>;
}
