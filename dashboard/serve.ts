import type { CreateAppOptions } from '../api/app';
import { startServer, type RunningServer } from '../api/server';
import type { AppContext } from '../core/context';
import { dashboardBeside, type DashboardOptions } from './app';

/**
 * What `repwatch serve`, `start` and `demo` listen with: the API and, on the
 * same port, the dashboard for its own paths. The API never imports the
 * dashboard; this is the one place the two are put together.
 */
export function startWebServer(
  ctx: AppContext,
  options: { port: number; host: string; dashboard?: DashboardOptions | false } & CreateAppOptions,
): Promise<RunningServer> {
  const { dashboard, ...rest } = options;
  return startServer(ctx, { ...rest, beside: dashboard === false ? undefined : dashboardBeside(ctx, dashboard ?? {}) });
}
