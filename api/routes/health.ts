import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import { pendingMigrations } from '../../db/migrate';
import { json } from './common.schemas';
import { handle, newRouter } from '../router';

/** /health: no key needed, so load balancers and `docker compose` health checks can call it. */
const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({ reachable: z.boolean(), dialect: z.string(), error: z.string().optional() }),
    migrations: z.object({ current: z.boolean(), pending: z.array(z.string()) }),
    time: z.string(),
  })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  summary: 'Liveness and readiness: database reachable, migrations current',
  responses: { 200: json(Health, 'Healthy'), 503: json(Health, 'Database unreachable or migrations pending') },
});

export function healthRoutes(ctx: AppContext, opts: { schema?: string }) {
  const app = newRouter();
  handle(app, healthRoute, async (c) => {
    let reachable = true;
    let error: string | undefined;
    let pending: string[] = [];
    try {
      await sql`select 1`.execute(ctx.db);
      pending = await pendingMigrations({ db: ctx.db, schema: opts.schema });
    } catch (e) {
      reachable = false;
      // The message only: a health check must not leak connection strings or stacks.
      error = (e as Error).message.split('\n')[0]?.replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…');
    }
    const ok = reachable && pending.length === 0;
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        status: ok ? 'ok' : 'degraded',
        database: { reachable, dialect: ctx.dialect, ...(error ? { error } : {}) },
        migrations: { current: reachable && pending.length === 0, pending },
        time: new Date().toISOString(),
      },
      ok ? 200 : 503,
    );
  });
  return app;
}
