import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { AppError } from '../core/errors';
import type { Database } from './types';

/**
 * The one place that knows which database we run on. Everything else gets a
 * `Kysely<Database>` and is dialect-blind.
 *
 *  - DATABASE_URL set   → PostgreSQL through `pg` (production, tests on the real server)
 *  - otherwise          → embedded PGlite in a folder (./data by default), so a newcomer needs no server
 */
export type Dialect = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** Run everything inside this schema (tests give each file its own). Created if missing. */
  schema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The schema everything lives in, when not the default. */
  schema?: string;
  /** A short description for logs and `repwatch status` (no password). */
  description: string;
  /**
   * Subscribes to NOTIFY messages of a channel. On PostgreSQL this takes a
   * connection of its own (outside the pool); if it drops, onLost is called
   * once and nothing more arrives until the caller subscribes again. Resolves
   * to the unsubscribe function.
   */
  listen(channel: string, onMessage: (payload: string) => void, onLost: (error: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// OIDs of types we parse ourselves so both dialects return the same JS values.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const toNumber = (v: string) => (v === null ? v : Number(v));
const asIs = (v: string) => v;

let pgParsersInstalled = false;
function installPgTypeParsers(): void {
  if (pgParsersInstalled) return;
  // Counts (count(*) is bigint) and numerics as numbers; ids stay well below 2^53.
  pg.types.setTypeParser(INT8, toNumber);
  pg.types.setTypeParser(NUMERIC, toNumber);
  // Calendar dates stay 'YYYY-MM-DD': turning them into local-midnight Dates shifts them by a time zone.
  pg.types.setTypeParser(DATE, asIs);
  pgParsersInstalled = true;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new AppError('CONFIG_INVALID', `Invalid schema name "${name}".`);
  return `"${name}"`;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? './data', options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  installPgTypeParsers();
  const schema = options.schema ? quoteIdent(options.schema) : undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`create schema if not exists ${schema}`);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new AppError(
      'DATABASE_UNREACHABLE',
      `Cannot reach the PostgreSQL database at ${redact(url)}: ${(error as Error).message}.`,
      {},
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listen = (channel: string, onMessage: (payload: string) => void, onLost: (error: Error) => void) => listenPostgres(url, channel, onMessage, onLost);
  return { db, dialect: 'postgres', schema: options.schema, description: redact(url), listen, close: () => db.destroy() };
}

async function listenPostgres(url: string, channel: string, onMessage: (payload: string) => void, onLost: (error: Error) => void): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'repwatch change feed' });
  let closing = false;
  let lost = false;
  const lose = (error: Error) => {
    if (closing || lost) return;
    lost = true;
    onLost(error);
    void client.end().catch(() => {});
  };
  client.on('notification', (m) => {
    if (m.channel === channel) onMessage(m.payload ?? '');
  });
  client.on('error', lose);
  client.on('end', () => lose(new Error('The listening connection to PostgreSQL closed.')));
  try {
    await client.connect();
    await client.query(`listen ${quoteChannel(channel)}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw error;
  }
  return async () => {
    closing = true;
    await client.end().catch(() => {});
  };
}

function quoteChannel(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new AppError('INTERNAL', `Invalid channel name "${name}".`);
  return `"${name}"`;
}

/**
 * PGlite is one process's database: a second process writing the same folder
 * would corrupt it. A lock file with the owner's pid keeps a second opener out
 * with a clear sentence; a lock left by a process that no longer runs (kill -9)
 * is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'repwatch.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner))
        throw new AppError(
          'DATABASE_UNREACHABLE',
          `The embedded database in ${dataDir} is in use by repwatch process ${owner}${owner === process.pid ? ' (this one)' : ''}: stop it first, or use its API and dashboard while it runs (several processes need PostgreSQL: set DATABASE_URL).`,
          { param: 'REPWATCH_DATA_DIR' },
        );
      rmSync(file, { force: true });
    }
  }
  throw new AppError('DATABASE_UNREACHABLE', `Cannot lock the embedded database in ${dataDir}: another process keeps taking the lock.`, { param: 'REPWATCH_DATA_DIR' });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const memory = dataDir.startsWith('memory://');
  if (!memory) mkdirSync(dataDir, { recursive: true });
  const unlock = memory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(memory ? {} : { dataDir }),
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asIs },
    });
  } catch (error) {
    unlock();
    throw new AppError(
      'DATABASE_UNREACHABLE',
      `Cannot open the embedded database in ${dataDir}: ${(error as Error).message}. Is another repwatch process using it?`,
      {},
      { cause: error },
    );
  }
  if (options.schema) {
    const schema = quoteIdent(options.schema);
    await client.exec(`create schema if not exists ${schema}; set search_path to ${schema}`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  // In one process nothing can drop the subscription: onLost is never called.
  const listen = async (channel: string, onMessage: (payload: string) => void) => {
    const unlisten = await client.listen(channel, onMessage);
    return async () => {
      if (!client.closed) await unlisten();
    };
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // PGlite's close() resets process.exitCode to 0: keep the one a command has already set (crawl failed: 7, ...).
    const exitCode = process.exitCode;
    try {
      await db.destroy();
    } finally {
      process.exitCode = exitCode;
      unlock();
    }
  };
  return { db, dialect: 'pglite', schema: options.schema, description: memory ? 'PGlite (in memory)' : `PGlite in ${dataDir}`, listen, close };
}
