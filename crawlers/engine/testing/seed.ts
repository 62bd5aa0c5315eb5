import type { Kysely } from 'kysely';
import { settingsSchema, type Settings } from '../../../core/config/schema';
import { parseEnv } from '../../../core/env';
import { silentLogger } from '../../../core/logger';
import { ensureSource } from '../../../db/queries/entities';
import type { Database, EntityKind } from '../../../db/types';
import type { SourceAdapter } from '../../types';
import type { CrawlContext } from '../types';

/** Test helpers: a target in the database and a crawl context with fast, polite-enough settings. */
let counter = 0;

export async function seedTarget(
  db: Kysely<Database>,
  opts: { url: string; source?: string; kind?: EntityKind; options?: Record<string, unknown> },
): Promise<number> {
  const n = ++counter;
  const org =
    (await db.selectFrom('organizations').select('id').where('key', '=', 'acme').executeTakeFirst()) ??
    (await db.insertInto('organizations').values({ key: 'acme', name: 'Acme Motors' }).returning('id').executeTakeFirstOrThrow());
  const kind = opts.kind ?? 'location';
  const location =
    kind === 'company'
      ? null
      : await db
          .insertInto('locations')
          .values({ organization_id: org.id, key: `loc-${n}-${Date.now()}`, name: `Location ${n}` })
          .returning('id')
          .executeTakeFirstOrThrow();
  const person =
    kind === 'person'
      ? await db
          .insertInto('people')
          .values({ organization_id: org.id, location_id: location!.id, key: `p-${n}-${Date.now()}`, display_name: `Person ${n}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      : null;
  const source = opts.source ?? 'custom:fixture';
  const sourceId = await ensureSource(db, source, source);
  const row = await db
    .insertInto('targets')
    .values({
      key: `t-${n}-${Date.now()}`,
      source_id: sourceId,
      url: opts.url,
      entity_kind: kind,
      organization_id: org.id,
      location_id: location?.id ?? null,
      person_id: person?.id ?? null,
      options: JSON.stringify(opts.options ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function testSettings(crawl: Partial<Settings['crawl']> = {}): Settings {
  return settingsSchema.parse({ crawl: { delayMs: 0, maxRetries: 3, requestTimeoutSecs: 5, ...crawl } });
}

export function testContext(db: Kysely<Database>, adapter: SourceAdapter, crawl: Partial<Settings['crawl']> = {}, env: Record<string, string> = {}): CrawlContext {
  return {
    db,
    settings: testSettings(crawl),
    env: parseEnv({ CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ...env }),
    logger: silentLogger,
    resolveAdapter: (source) => {
      if (source === adapter.name) return adapter;
      throw new Error(`Unknown source "${source}".`);
    },
  };
}

/** Retries in tests wait tens of milliseconds, not seconds. */
export const fastTuning = { backoffBaseMs: 20, backoffMaxMs: 200, browserSettleMs: 1500 };
