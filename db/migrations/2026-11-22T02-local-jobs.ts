import { Kysely, sql } from 'kysely';

/**
 * History (and restart recovery) of the in-process job runner used on the
 * embedded PGlite database. On PostgreSQL, pg-boss keeps its own job and
 * archive tables and this table stays empty. Frozen in time: never import app
 * code here and never edit this file after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('local_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // created | retry | active | completed | failed | cancelled (the same words pg-boss uses)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('singleton_key', 'text')
    .addColumn('retry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_limit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_on', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_on', 'timestamptz')
    .addColumn('completed_on', 'timestamptz')
    .addColumn('output', 'jsonb')
    .execute();
  await db.schema.createIndex('local_jobs_created_idx').on('local_jobs').column('created_on').execute();
  await sql`create index local_jobs_open_idx on local_jobs (queue) where state in ('created', 'retry', 'active')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('local_jobs').ifExists().execute();
}
