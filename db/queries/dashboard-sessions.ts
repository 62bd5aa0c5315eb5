import type { Kysely } from 'kysely';
import type { ApiKeyScope, Database, Role } from '../types';

/**
 * The dashboard's session cookie names an API key by id; every request looks
 * the key up again (through a short cache) so a revoked key ends its
 * sessions too.
 */
export interface SessionKey {
  id: number;
  name: string;
  role: Role;
  scope: ApiKeyScope;
}

export async function findActiveApiKeyById(db: Kysely<Database>, id: number): Promise<SessionKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'scope'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, role: row.role, scope: row.scope ?? {} };
}
