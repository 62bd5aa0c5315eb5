import { Kysely, sql } from 'kysely';

/**
 * The initial repwatch schema. Frozen in time: never import app code here and
 * never edit this file after it has shipped; add a new dated migration instead.
 *
 * Entities are companies (organizations), locations and people. Tables that can
 * refer to any of them use (entity_kind, entity_id); reviews carry the whole
 * chain (organization_id, location_id, person_id) so that "everything beneath
 * a location" is a plain indexed filter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_key', 'text')
    .addColumn('address', 'text')
    .addColumn('timezone', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('locations_org_idx').on('locations').column('organization_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.references('locations.id').onDelete('set null'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('role_title', 'text')
    .addColumn('team', 'text')
    .addColumn('manager_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('external_key', 'text')
    .addColumn('active_from', 'date')
    .addColumn('active_to', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('people_location_idx').on('people').column('location_id').execute();

  await db.schema
    .createTable('sources')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('needs_browser', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('targets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.references('locations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('schedule', 'text')
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_full_sweep_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('targets_source_url_uq', ['source_id', 'url'])
    // A target is bound to exactly one entity: the kind says which, and only that level's id (and its parents) is set.
    .addCheckConstraint(
      'targets_entity_ck',
      sql`(entity_kind = 'company' and location_id is null and person_id is null)
        or (entity_kind = 'location' and location_id is not null and person_id is null)
        or (entity_kind = 'person' and person_id is not null)`,
    )
    .execute();

  await db.schema
    .createTable('crawl_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviews_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviews_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviews_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviews_removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_message', 'text')
    .addColumn('blocked_reason', 'text')
    .addColumn('site_review_count', 'integer')
    .addColumn('site_rating', 'double precision')
    .addColumn('stored_review_count', 'integer')
    .addColumn('job_id', 'text')
    .execute();
  await db.schema.createIndex('crawl_runs_target_idx').on('crawl_runs').columns(['target_id', 'started_at']).execute();

  await db.schema
    .createTable('raw_pages')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('crawl_run_id', 'integer', (c) => c.notNull().references('crawl_runs.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('body_gzip', 'bytea', (c) => c.notNull())
    .addColumn('captured_gzip', 'bytea')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('raw_pages_target_idx').on('raw_pages').columns(['target_id', 'fetched_at']).execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    // The site's own id, or "fp:<hash>" of (author, date, text) when the site gives none.
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.references('locations.id').onDelete('set null'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('rating_raw', 'double precision')
    .addColumn('rating_scale', 'double precision', (c) => c.notNull().defaultTo(5))
    // Onto the common 1..5 scale.
    .addColumn('rating', 'double precision')
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('text_original', 'text')
    .addColumn('translated_text', 'text')
    .addColumn('language', 'text')
    .addColumn('author_name', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_precision', 'text')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('owner_response_text', 'text')
    .addColumn('owner_response_at', 'timestamptz')
    .addColumn('removed_at', 'timestamptz')
    // Complete unblocked sweeps in a row that did not see this review; removal needs N of them.
    .addColumn('missed_sweeps', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('employee_tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sub_ratings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('extra', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Null means "waiting for the processing job"; set to the processing version that handled this content.
    .addColumn('processed_hash', 'text')
    .addColumn('processed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('reviews_source_external_uq', ['source_id', 'external_id'])
    .execute();
  await db.schema.createIndex('reviews_target_idx').on('reviews').columns(['target_id', 'removed_at']).execute();
  await db.schema.createIndex('reviews_location_pub_idx').on('reviews').columns(['location_id', 'published_at']).execute();
  await db.schema.createIndex('reviews_org_pub_idx').on('reviews').columns(['organization_id', 'published_at']).execute();
  await db.schema.createIndex('reviews_person_idx').on('reviews').columns(['person_id', 'published_at']).execute();
  await sql`create index reviews_unprocessed_idx on reviews (id) where processed_hash is null or processed_hash <> content_hash`.execute(db);

  await db.schema
    .createTable('review_versions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('rating', 'double precision')
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('owner_response_text', 'text')
    .addColumn('changed_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint('review_versions_uq', ['review_id', 'version'])
    .execute();

  await db.schema
    .createTable('attributions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('evidence', 'text')
    // auto (accepted by confidence), pending (waits in the review queue), confirmed, rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('attributions_review_person_uq', ['review_id', 'person_id'])
    .execute();
  await db.schema.createIndex('attributions_person_idx').on('attributions').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('attribution_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('location_id', 'integer', (c) => c.references('locations.id').onDelete('cascade'))
    // null person_id: "this text never means anyone"
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('review_scores')
    .addColumn('review_id', 'bigint', (c) => c.primaryKey().references('reviews.id').onDelete('cascade'))
    .addColumn('sentiment', 'double precision')
    .addColumn('sentiment_label', 'text')
    .addColumn('combined', 'double precision')
    .addColumn('language', 'text')
    .addColumn('themes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('scorer_version', 'integer', (c) => c.notNull())
    .addColumn('scored_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('review_themes')
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('polarity', 'double precision', (c) => c.notNull())
    .addColumn('quote', 'text')
    .addPrimaryKeyConstraint('review_themes_pk', ['review_id', 'theme'])
    .execute();
  await db.schema.createIndex('review_themes_theme_idx').on('review_themes').column('theme').execute();

  await db.schema
    .createTable('processing_quarantine')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('processing_quarantine_uq', ['review_id', 'content_hash'])
    .execute();

  await db.schema
    .createTable('cx_scores')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('responses', 'integer')
    .addColumn('transactions', 'integer')
    .addColumn('import_batch', 'text')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('cx_scores_uq', ['entity_kind', 'entity_id', 'metric', 'period_kind', 'period_start'])
    .execute();

  await db.schema
    .createTable('rollups')
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    // '*' for all sources together
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('review_count', 'integer', (c) => c.notNull())
    .addColumn('rated_count', 'integer', (c) => c.notNull())
    .addColumn('rating_sum', 'double precision', (c) => c.notNull())
    .addColumn('rating_avg', 'double precision')
    .addColumn('stars', 'jsonb', (c) => c.notNull())
    .addColumn('sentiment_avg', 'double precision')
    .addColumn('sentiment_count', 'integer', (c) => c.notNull())
    .addColumn('themes', 'jsonb', (c) => c.notNull())
    .addColumn('responded_count', 'integer', (c) => c.notNull())
    .addColumn('response_hours_median', 'double precision')
    .addColumn('removed_count', 'integer', (c) => c.notNull())
    .addColumn('shrunk_rating', 'double precision')
    .addColumn('shrunk_low', 'double precision')
    .addColumn('shrunk_high', 'double precision')
    .addColumn('reputation_index', 'double precision')
    .addColumn('index_version', 'text')
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('rollups_pk', ['entity_kind', 'entity_id', 'period_kind', 'period_start', 'source_key'])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The same event never alerts twice: one row per dedupe key.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    .addColumn('muted_until', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_delivery_error', 'text')
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    // First characters of the key, shown in listings so a person can tell keys apart.
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  // Scheduler slots: with several schedulers running, the first to insert a slot owns it.
  await db.schema
    .createTable('schedule_slots')
    .addColumn('slot_key', 'text', (c) => c.primaryKey())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'schedule_slots',
    'api_keys',
    'alerts',
    'rollups',
    'cx_scores',
    'processing_quarantine',
    'review_themes',
    'review_scores',
    'attribution_rules',
    'attributions',
    'review_versions',
    'reviews',
    'raw_pages',
    'crawl_runs',
    'targets',
    'sources',
    'people',
    'locations',
    'organizations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
