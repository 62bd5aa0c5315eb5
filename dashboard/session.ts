import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Principal } from '../api/types';
import { findActiveApiKeyById } from '../db/queries/dashboard-sessions';
import type { Database } from '../db/types';
import { findApiKeyByToken } from '../domain/api-keys';

/**
 * Dashboard sessions. A person pastes an API key once; the server checks it
 * with the API's own lookup and answers with a cookie holding only the key's
 * id and the login time, signed with HMAC-SHA256 (Hono's signed cookies). The
 * key itself never goes back to the browser (a random nonce tells two logins
 * apart, so signing out one does not end the other). The cookie is HttpOnly (no
 * script can read it), SameSite=Lax (other sites cannot post with it) and
 * Secure when the request came over https (directly or via a proxy's
 * X-Forwarded-Proto). Each request looks the key up again (cached a few
 * seconds, like the API's auth), so revoking a key ends its sessions.
 *
 * Without REPWATCH_SESSION_SECRET a random secret is made per process:
 * everyone logs in again after a restart, which is fine for one server.
 */
export const SESSION_COOKIE = 'repwatch_session';
const processSecret = randomBytes(32).toString('base64url');

export interface SessionOptions {
  secret?: string;
  /** How long a login lasts. */
  ttlSeconds?: number;
  /** How long a looked-up key is trusted before it is looked up again. */
  keyCacheTtlMs?: number;
  now?: () => number;
}

export interface Sessions {
  /** Checks a pasted key; sets the cookie and returns the principal, or null for an unknown/revoked key. */
  login(c: Context, token: string): Promise<Principal | null>;
  logout(c: Context): Promise<void>;
  /** The principal of the request's session, or null. */
  principal(c: Context): Promise<Principal | null>;
}

export function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export function createSessions(db: Kysely<Database>, secretFromEnv: string | undefined, opts: SessionOptions = {}): Sessions {
  const secret = opts.secret ?? secretFromEnv ?? processSecret;
  const ttl = opts.ttlSeconds ?? 12 * 3600;
  const cacheTtl = opts.keyCacheTtlMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<number, { principal: Principal | null; expires: number }>();
  // Signed cookies are stateless: a signed-out one is remembered (until it would expire anyway) so a copy cannot be replayed.
  const signedOut = new Map<string, number>();

  const toPrincipal = (k: { id: number; name: string; role: Principal['role']; scope: Principal['scope'] | null }): Principal => ({
    keyId: k.id,
    name: k.name,
    role: k.role,
    scope: k.scope ?? {},
  });

  return {
    async login(c, token) {
      const row = await findApiKeyByToken(db, token.trim());
      if (!row) return null;
      const principal = toPrincipal(row);
      cache.set(row.id, { principal, expires: now() + cacheTtl });
      await setSignedCookie(c, SESSION_COOKIE, `${row.id}.${Math.floor(now() / 1000)}.${randomBytes(9).toString('base64url')}`, secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: isHttps(c),
        path: '/',
        maxAge: ttl,
      });
      return principal;
    },

    async logout(c) {
      const value = await getSignedCookie(c, secret, SESSION_COOKIE);
      if (value) {
        if (signedOut.size > 100_000) for (const [v, until] of signedOut) if (until < now()) signedOut.delete(v);
        signedOut.set(value, now() + ttl * 1000);
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
    },

    async principal(c) {
      const value = await getSignedCookie(c, secret, SESSION_COOKIE);
      if (!value || signedOut.has(value)) return null;
      const m = /^(\d{1,10})\.(\d{1,12})\.[A-Za-z0-9_-]{12}$/.exec(value);
      if (!m) return null;
      const id = Number(m[1]);
      // The browser drops the cookie at maxAge; the server does not rely on that.
      if (now() / 1000 - Number(m[2]) > ttl) return null;
      let entry = cache.get(id);
      if (!entry || entry.expires <= now()) {
        const row = await findActiveApiKeyById(db, id);
        if (cache.size > 10_000) cache.clear();
        entry = { principal: row ? toPrincipal(row) : null, expires: now() + cacheTtl };
        cache.set(id, entry);
      }
      return entry.principal;
    },
  };
}

/**
 * Forms post only from our own pages: a browser sends Origin (and
 * Sec-Fetch-Site) on a POST, and a cross-site one is refused. SameSite=Lax
 * already keeps the cookie off cross-site posts; this also stops a forged
 * login into someone else's key.
 */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  // No Origin at all: a non-browser client (curl), which has no cookie to abuse.
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/** Only local paths are followed after login: never another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}
