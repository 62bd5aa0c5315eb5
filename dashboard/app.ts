import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { html } from 'hono/html';
import type { BesideApp } from '../api/server';
import type { Principal } from '../api/types';
import type { AppContext } from '../core/context';
import type { TreeBody } from './api-types';
import { loadAssets } from './assets';
import { parseFilters } from './filters';
import { ApiCallError, createInternalApi, EXPORT_PATHS } from './internal-api';
import type { PageDeps } from './page-deps';
import { ErrorPage, LoginPage, type NavData, type View } from './pages/layout';
import { renderLeadership } from './pages/leadership';
import { renderLocation } from './pages/location';
import { renderOverview } from './pages/overview';
import { renderPerson } from './pages/person';
import { renderSources } from './pages/sources';
import { createSessions, safeNext, sameOrigin, type SessionOptions } from './session';
import type { ChangeFeed } from '../db/change-feed';

/**
 * The web dashboard: server-rendered pages (Hono JSX) over the API's own
 * handlers, a session cookie instead of an API key header, a little client
 * script for the charts. Serve it beside the API on the same port
 * (dashboardBeside below, for api/server.ts), or mount it at "/":
 *
 *   app.route('/', createDashboard(ctx))
 *
 * Its routes carry their own middleware (no app-wide `use('*')`), so mounting
 * it adds nothing to the API's routes. It sets its own Content-Security-Policy
 * (scripts and styles from this origin only): a host app's security-headers
 * middleware must not overwrite it (the API's allows no script at all), which
 * is why serving it beside the API is the simpler choice.
 */
export interface DashboardOptions {
  session?: SessionOptions;
  /** Committed-change notifications: with them the pages' analytics reads are cached like the API's. */
  changes?: ChangeFeed;
}

type DashEnv = { Variables: { principal: Principal } };

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

/** Paths the dashboard answers (for a host that dispatches by path instead of mounting). */
export function isDashboardPath(p: string): boolean {
  return /^\/(?:$|login$|logout$|overview$|leadership$|sources$|locations\/|people\/|assets\/|export\/)/.test(p);
}

/**
 * The dashboard as api/server.ts's `beside` app: served on the API's port for
 * its own paths, with its own headers, and the API's middleware untouched.
 *   startServer(ctx, { port, host, beside: dashboardBeside(ctx) })
 */
export function dashboardBeside(ctx: AppContext, opts: DashboardOptions = {}): BesideApp {
  const app = createDashboard(ctx, opts);
  return { matches: isDashboardPath, fetch: (request, env) => app.fetch(request, env) };
}

export function createDashboard(ctx: AppContext, opts: DashboardOptions = {}): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const api = createInternalApi(ctx, { changes: opts.changes });
  const deps: PageDeps = { api, settings: ctx.settings };
  const sessions = createSessions(ctx.db, ctx.env.REPWATCH_SESSION_SECRET, opts.session);
  const { files, urls: assets } = loadAssets();

  // Pages and assets go out gzipped when the browser asks (the API's own compression does not reach beside-served paths).
  const gzip = compress({ encoding: 'gzip', threshold: 1024 });
  const headers: MiddlewareHandler<DashEnv> = async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
  const signedIn: MiddlewareHandler<DashEnv> = async (c, next) => {
    const principal = await sessions.principal(c);
    if (!principal) {
      if (c.req.path.startsWith('/export/')) return c.text('Sign in first.', 401);
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    c.set('principal', principal);
    await next();
  };
  const send = (c: Context, status: number, body: unknown) => c.html(html`<!DOCTYPE html>${body}`, status as 200);

  async function buildView(c: Context<DashEnv>): Promise<View> {
    const principal = c.get('principal');
    const { filters, ignored } = parseFilters(c.req.query());
    const tree = await api.get<TreeBody>(principal, 'entities/tree');
    // A team manager's tree also names the locations their people sit at; only locations the key covers are offered.
    const own = principal.role === 'manager' ? new Set(principal.scope.locationIds ?? []) : null;
    const nav: NavData = {
      companyName: tree.company.name,
      locations: tree.locations.filter((l) => l.active && (!own || own.has(l.id))).map((l) => ({ id: l.id, name: l.name })),
      people: [...tree.locations.flatMap((l) => l.people), ...tree.unassigned_people].map((x) => ({ id: x.id, name: x.display_name })),
      companyWide: principal.role !== 'manager',
    };
    return { principal, filters, ignored, path: c.req.path, nav, assets };
  }

  /** A page: sign-in required; API errors (403 outside the key's scope, 404, 400) become an error page with that status. */
  function page(path: string, render: (c: Context<DashEnv>, view: View) => Promise<unknown>) {
    app.get(path, gzip, headers, signedIn, async (c) => {
      let view: View | null = null;
      try {
        view = await buildView(c);
        return send(c, 200, await render(c, view));
      } catch (e) {
        if (!(e instanceof ApiCallError)) ctx.logger.error({ err: e, path: c.req.path }, 'dashboard page failed');
        const status = e instanceof ApiCallError ? e.status : 500;
        const title = status === 403 ? 'Not available with this key' : status === 404 ? 'Not found' : status === 400 ? 'Invalid request' : 'Something went wrong';
        const message = e instanceof ApiCallError ? e.message : 'The page could not be built. The error has been logged.';
        const links = view?.nav.locations.map((l) => ({ href: `/locations/${l.id}`, label: l.name })) ?? [];
        return send(c, status, ErrorPage({ view, assets, status, title, message, links: status === 403 ? links : [] }));
      }
    });
  }

  app.get('/assets/*', gzip, (c) => {
    const file = files.get(c.req.path.slice('/assets/'.length));
    if (!file) return c.text('Not found', 404);
    c.header('Cache-Control', c.req.query('v') === file.hash ? 'public, max-age=31536000, immutable' : 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(file.body, 200, { 'Content-Type': file.type });
  });

  app.get('/login', headers, async (c) => {
    const next = safeNext(c.req.query('next'));
    if (await sessions.principal(c)) return c.redirect(next, 303);
    return send(c, 200, LoginPage({ assets, next, status: c.req.query('bye') === '1' ? 'You are signed out.' : undefined }));
  });

  // A sign-in form is a key and a path: nothing bigger is read.
  const smallForm = bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.text('The form is too large.', 413) });

  app.post('/login', headers, smallForm, async (c) => {
    if (!sameOrigin(c)) return c.text('Cross-site form posts are not accepted.', 403);
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const key = typeof form.key === 'string' ? form.key : '';
    const principal = key ? await sessions.login(c, key) : null;
    if (!principal) return send(c, 401, LoginPage({ assets, next, error: 'That key is unknown or has been revoked.' }));
    return c.redirect(next, 303);
  });

  app.post('/logout', headers, smallForm, async (c) => {
    if (!sameOrigin(c)) return c.text('Cross-site form posts are not accepted.', 403);
    await sessions.logout(c);
    return c.redirect('/login?bye=1', 303);
  });

  app.get('/', headers, signedIn, async (c) => {
    const principal = c.get('principal');
    if (principal.role !== 'manager') return c.redirect('/overview', 303);
    // A manager starts at their first location; a team lead (no locations) at the first of their people.
    const location = principal.scope.locationIds?.[0];
    if (location !== undefined) return c.redirect(`/locations/${location}`, 303);
    const tree = await api.get<TreeBody>(principal, 'entities/tree');
    const person = [...tree.locations.flatMap((l) => l.people), ...tree.unassigned_people][0];
    return c.redirect(person ? `/people/${person.id}` : '/login', 303);
  });

  page('/overview', (_c, view) => renderOverview(deps, view));
  page('/locations/:id{[0-9]{1,10}}', (c, view) => renderLocation(deps, view, Number(c.req.param('id'))));
  page('/people/:id{[0-9]{1,10}}', (c, view) => renderPerson(deps, view, Number(c.req.param('id'))));
  page('/leadership', (_c, view) => renderLeadership(deps, view));
  page('/sources', (_c, view) => renderSources(deps, view));

  /**
   * CSV of what a table or chart shows: the API's own ?format=csv answer for
   * the same query, as the signed-in key. Read paths only, GET only.
   */
  app.get('/export/*', headers, signedIn, async (c) => {
    const apiPath = c.req.path.slice('/export/'.length);
    if (!(EXPORT_PATHS as readonly string[]).includes(apiPath)) return c.text('Not an exportable view.', 404);
    const url = new URL(c.req.url);
    url.searchParams.set('format', 'csv');
    const res = await api.fetch(c.get('principal'), `/${apiPath}?${url.searchParams.toString()}`);
    if (res.status !== 200) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      return c.text(body?.error?.message ?? `Export failed (HTTP ${res.status}).`, res.status as 400);
    }
    return new Response(res.body, { status: 200, headers: res.headers });
  });

  return app;
}
