import { Kysely, sql } from 'kysely';

/**
 * The processing job's to-do list as a narrow table of its own.
 *
 * Reviews used to carry processed_hash, and a partial index found those whose
 * content changed since they were processed. Marking a batch processed then
 * rewrote every review row (wide: texts) and, because the partial index's
 * predicate reads that column, every index entry of it too: in a benchmark it
 * cost more than scoring the reviews. Now a review waits in processing_queue
 * from the moment its content is written until a batch that processed it
 * commits (which deletes its queue row in the same transaction).
 *
 * Statement-level triggers with transition tables enqueue new reviews and
 * reviews whose content_hash changed, whatever wrote them (crawls, reparse,
 * imports), at one INSERT per statement.
 * Frozen in time: never import app code here and never edit this file after
 * it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table processing_queue (
      review_id bigint primary key references reviews (id) on delete cascade,
      queued_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    insert into processing_queue (review_id)
    select id from reviews where processed_hash is null or processed_hash <> content_hash`.execute(db);
  await sql`
    create function repwatch_enqueue_new_reviews() returns trigger language plpgsql as $$
    begin
      insert into processing_queue (review_id) select id from new_reviews on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create function repwatch_enqueue_changed_reviews() returns trigger language plpgsql as $$
    begin
      insert into processing_queue (review_id)
      select n.id from new_reviews n join old_reviews o on o.id = n.id
      where n.content_hash is distinct from o.content_hash
      on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger reviews_enqueue_new after insert on reviews
    referencing new table as new_reviews
    for each statement execute function repwatch_enqueue_new_reviews()`.execute(db);
  await sql`
    create trigger reviews_enqueue_changed after update on reviews
    referencing old table as old_reviews new table as new_reviews
    for each statement execute function repwatch_enqueue_changed_reviews()`.execute(db);
  await sql`drop index if exists reviews_unprocessed_idx`.execute(db);
  await sql`alter table reviews drop column processed_hash, drop column processed_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reviews add column processed_hash text, add column processed_at timestamptz`.execute(db);
  await sql`
    update reviews set processed_hash = content_hash
    where not exists (select 1 from processing_queue q where q.review_id = reviews.id)`.execute(db);
  await sql`create index reviews_unprocessed_idx on reviews (id) where processed_hash is null or processed_hash <> content_hash`.execute(db);
  await sql`drop trigger if exists reviews_enqueue_changed on reviews`.execute(db);
  await sql`drop trigger if exists reviews_enqueue_new on reviews`.execute(db);
  await sql`drop function if exists repwatch_enqueue_changed_reviews()`.execute(db);
  await sql`drop function if exists repwatch_enqueue_new_reviews()`.execute(db);
  await sql`drop table if exists processing_queue`.execute(db);
}
