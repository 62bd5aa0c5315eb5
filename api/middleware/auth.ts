import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors';
import { findApiKeyByToken } from '../../domain/api-keys';
import type { Database } from '../../db/types';
import { assertCapability, type Capability } from '../policy';
import type { ApiEnv, Principal } from '../types';

/**
 * Authentication: `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
 * Looked-up keys are cached for a few seconds so that a busy dashboard does not
 * cost a key lookup per request; a revoked key stops working within that TTL.
 * last_used_at is written at most once a minute per key, off the request path.
 */
export interface AuthOptions {
  cacheTtlMs?: number;
}

function tokenFrom(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) throw new AppError('UNAUTHORIZED', 'The Authorization header must be "Bearer <api key>".');
    return m[1];
  }
  return apiKeyHeader?.trim() || undefined;
}

export function authenticate(db: Kysely<Database>, options: AuthOptions = {}): MiddlewareHandler<ApiEnv> {
  const ttl = options.cacheTtlMs ?? 10_000;
  const cache = new Map<string, { principal: Principal | null; expires: number }>();
  const lastTouched = new Map<number, number>();

  return async (c, next) => {
    const token = tokenFrom(c.req.header('authorization'), c.req.header('x-api-key'));
    if (!token) throw new AppError('UNAUTHORIZED', 'An API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>".');
    const now = Date.now();
    let entry = cache.get(token);
    if (!entry || entry.expires < now) {
      const row = await findApiKeyByToken(db, token);
      const principal: Principal | null = row ? { keyId: row.id, name: row.name, role: row.role, scope: row.scope ?? {} } : null;
      // Bounded: junk tokens must not grow the cache without limit.
      if (cache.size > 10_000) cache.clear();
      entry = { principal, expires: now + ttl };
      cache.set(token, entry);
    }
    if (!entry.principal) throw new AppError('UNAUTHORIZED', 'The API key is unknown or revoked.');
    const principal = entry.principal;
    c.set('principal', principal);
    if ((lastTouched.get(principal.keyId) ?? 0) < now - 60_000) {
      lastTouched.set(principal.keyId, now);
      void db.updateTable('api_keys').set({ last_used_at: new Date(now) }).where('id', '=', principal.keyId).execute().catch(() => {});
    }
    await next();
  };
}

/** Route middleware: the caller's role must have this capability (403 before any input is looked at). */
export function requires(capability: Capability): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    assertCapability(c.get('principal'), capability);
    await next();
  };
}
