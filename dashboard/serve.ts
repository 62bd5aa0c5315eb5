import type { CreateAppOptions } from '../api/app';
import { ownChangeFeed, startServer, type RunningServer } from '../api/server';
import type { AppContext } from '../core/context';
import { dashboardBeside, type DashboardOptions } from './app';

/**
 * What `repwatch serve`, `start` and `demo` listen with: the API and, on the
 * same port, the dashboard for its own paths. The API never imports the
 * dashboard; this is the one place the two are put together.
 */
export async function startWebServer(
  ctx: AppContext,
  options: { port: number; host: string; dashboard?: DashboardOptions | false } & CreateAppOptions,
): Promise<RunningServer> {
  const { dashboard, ...rest } = options;
  // One change feed (one listening connection) for both the API's and the pages' caches.
  const feed = ownChangeFeed(ctx, rest);
  const changes = rest.changes ?? feed;
  try {
    const server = await startServer(ctx, { ...rest, changes, beside: dashboard === false ? undefined : dashboardBeside(ctx, { ...dashboard, changes }) });
    return { url: server.url, close: () => server.close().finally(() => feed?.close()) };
  } catch (error) {
    await feed?.close();
    throw error;
  }
}
