import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AppContext } from '../core/context';
import { openChangeFeed, type ChangeFeed } from '../db/change-feed';
import { createApp, type CreateAppOptions } from './app';

/**
 * Starts the API on Node's HTTP server. Port 0 picks a free port (tests,
 * benchmarks); the returned url says which. close() stops accepting new
 * connections and resolves once open ones have finished.
 */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Another app served on the same port for the paths it claims (e.g. the dashboard), with its own headers and policy. */
export interface BesideApp {
  matches(path: string): boolean;
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** A change feed for a server's caches, unless the caller brought one, the cache is off, or the context has no handle to listen on. */
export function ownChangeFeed(ctx: AppContext, options: Pick<CreateAppOptions, 'changes' | 'responseCacheMb'>): ChangeFeed | undefined {
  const cacheMb = options.responseCacheMb ?? ctx.env.REPWATCH_RESPONSE_CACHE_MB;
  return !options.changes && ctx.database && cacheMb > 0 ? openChangeFeed(ctx.database, { logger: ctx.logger }) : undefined;
}

export async function startServer(
  ctx: AppContext,
  options: { port: number; host: string; beside?: BesideApp } & CreateAppOptions,
): Promise<RunningServer> {
  const { port, host, beside, ...appOptions } = options;
  // Our own feed, closed with the server, unless the caller brought one or turned the cache off.
  const ownFeed = ownChangeFeed(ctx, appOptions);
  const app = createApp(ctx, { ...appOptions, changes: appOptions.changes ?? ownFeed });
  const fetch = beside
    ? (request: Request, env: unknown) => (beside.matches(new URL(request.url).pathname) ? beside.fetch(request, env) : app.fetch(request, env as never))
    : app.fetch;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      ctx.logger.info({ url: `http://${shownHost}:${info.port}` }, 'API listening');
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => {
              void ownFeed?.close();
              if (err) fail(err);
              else done();
            });
            // Idle keep-alive connections would otherwise hold close() open.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
