import { Kysely, sql } from 'kysely';

/**
 * Committed changes announce themselves: every statement that writes one of
 * the tables the API's analytics read (rollups, CX scores, the roster,
 * reviews and what processing derives from them) sends a NOTIFY on the
 * channel `repwatch_changes` with "schema.table" as the payload.
 *
 * PostgreSQL delivers a notification only when its transaction commits, and
 * folds identical ones of one transaction into one, so a processing batch
 * costs one notification however many rows it writes. An API process listens
 * and drops its cached answers on each (api/http/response-cache.ts); a missed
 * notification is impossible while the listening connection is up, and the
 * cache is off while it is down.
 *
 * Frozen in time: never import app code here and never edit this file after
 * it has shipped.
 */
const TABLES = [
  'organizations', 'locations', 'people', 'sources', 'reviews', 'attributions', 'review_scores', 'review_themes', 'cx_scores', 'rollups',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function repwatch_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('repwatch_changes', tg_table_schema || '.' || tg_table_name);
      return null;
    end $$`.execute(db);
  for (const table of TABLES)
    await sql`
      create trigger ${sql.raw(`${table}_notify_change`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function repwatch_notify_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_notify_change`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists repwatch_notify_change()`.execute(db);
}
