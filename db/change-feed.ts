import type { Logger } from '../core/logger';
import type { DatabaseHandle } from './connection';

/**
 * Tells a long-running reader (the API) when the data it reads has changed.
 * Migration 2026-12-04T03 makes every write to the tables behind the API's
 * analytics send a NOTIFY on commit; this keeps a listening connection open
 * and turns those notifications into a version number.
 *
 * `version` is undefined whenever a change could go unseen: before the first
 * LISTEN succeeded, and from the moment the listening connection drops until
 * it is back (with a new version, since notifications sent meanwhile are lost).
 * Anything cached against a version is therefore only ever reused while the
 * database is known not to have changed since.
 */
export const CHANGES_CHANNEL = 'repwatch_changes';

export interface ChangeFeed {
  /** Changes after every committed write to any of the watched tables. */
  readonly version: number | undefined;
  /** Changes only after writes to these tables (and after a reconnect); undefined while down, like version. */
  versionOf(...tables: string[]): number | undefined;
  /** Resolves once listening (or when closed first); for tests and start-up logs. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** First retry delay after a lost connection; doubles up to 30 s. */
  retryMs?: number;
}

export function openChangeFeed(handle: Pick<DatabaseHandle, 'listen' | 'schema'>, options: ChangeFeedOptions = {}): ChangeFeed {
  const firstRetry = options.retryMs ?? 1_000;
  let version: number | undefined;
  let counter = 0;
  /** The counter when listening (re)started: every table counts as changed then. */
  let connectedAt = 0;
  const lastChange = new Map<string, number>();
  let unlisten: (() => Promise<void>) | undefined;
  let closed = false;
  let retryDelay = firstRetry;
  let timer: NodeJS.Timeout | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // Payloads are "schema.table": schemas sharing a database (tests, benchmarks) do not invalidate each other.
  const onMessage = (payload: string) => {
    const dot = payload.indexOf('.');
    if (handle.schema !== undefined && payload.slice(0, dot) !== handle.schema) return;
    version = ++counter;
    lastChange.set(payload.slice(dot + 1), counter);
  };
  const onLost = (error: Error) => {
    version = undefined;
    unlisten = undefined;
    options.logger?.warn({ err: error.message }, 'change feed lost its connection; API answers are not cached until it is back');
    schedule();
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void subscribe(), retryDelay);
    timer.unref();
    retryDelay = Math.min(retryDelay * 2, 30_000);
  };
  const subscribe = async () => {
    try {
      const stop = await handle.listen(CHANGES_CHANNEL, onMessage, onLost);
      if (closed) return void (await stop());
      unlisten = stop;
      retryDelay = firstRetry;
      version = connectedAt = ++counter;
      markReady();
    } catch (error) {
      options.logger?.warn({ err: (error as Error).message }, 'change feed cannot listen yet; retrying');
      schedule();
    }
  };
  void subscribe();

  return {
    get version() {
      return version;
    },
    versionOf(...tables) {
      if (version === undefined) return undefined;
      let v = connectedAt;
      for (const t of tables) v = Math.max(v, lastChange.get(t) ?? 0);
      return v;
    },
    ready,
    async close() {
      closed = true;
      version = undefined;
      clearTimeout(timer);
      markReady();
      await unlisten?.().catch(() => {});
    },
  };
}
