import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiKey, ApiKeyScope, Database, Role } from '../db/types';

/**
 * API keys: 32 random bytes, shown once at creation, stored only as a SHA-256
 * hash (a key is high-entropy, so a slow password hash buys nothing here).
 */
export const ROLES: readonly Role[] = ['admin', 'leadership', 'marketing', 'manager'];

export function hashApiKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createApiKey(
  db: Kysely<Database>,
  input: { name: string; role: Role; scope?: ApiKeyScope },
): Promise<{ id: number; key: string; prefix: string }> {
  const key = `rw_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 10);
  const row = await db
    .insertInto('api_keys')
    .values({ name: input.name, prefix, key_hash: hashApiKey(key), role: input.role, scope: JSON.stringify(input.scope ?? {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key, prefix };
}

export async function findApiKeyByToken(db: Kysely<Database>, token: string): Promise<ApiKey | undefined> {
  if (!token || token.length > 200) return undefined;
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashApiKey(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listApiKeys(db: Kysely<Database>) {
  return db.selectFrom('api_keys').select(['id', 'name', 'prefix', 'role', 'scope', 'created_at', 'last_used_at', 'revoked_at']).orderBy('id').execute();
}

export async function revokeApiKey(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) > 0;
}
