import { Kysely, sql } from 'kysely';

/**
 * What the rollups are summed from, kept so a refresh costs what changed, not
 * what is stored. A rollup cell (a quarter of a company, say) used to be
 * recounted from every review it holds, so a refresh after a small batch grew
 * with the stored history.
 *  - rollup_facts: each review's contribution to each entity it counts for, as
 *    last counted; a refresh subtracts the old contribution and adds the new.
 *  - rollup_days / rollup_theme_days: additive counts per entity, UTC day,
 *    source and removed flag; cells are sums of days. Response hours are kept
 *    as an array per day row so medians stay exact.
 * Frozen in time: never import app code here and never edit this file after
 * it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rollup_facts (
      review_id bigint not null,
      entity_kind text not null,
      entity_id integer not null,
      day date not null,
      source_key text not null,
      removed boolean not null,
      rating_m bigint,
      star smallint,
      responded boolean not null,
      hours double precision,
      sent_m bigint,
      themes text[],
      -- polarities in ten-thousandths, in the order of themes
      polarities bigint[],
      primary key (review_id, entity_kind, entity_id)
    )`.execute(db);
  await sql`create index rollup_facts_entity_day_idx on rollup_facts (entity_kind, entity_id, day)`.execute(db);
  await sql`
    create table rollup_days (
      entity_kind text not null,
      entity_id integer not null,
      day date not null,
      source_key text not null,
      removed boolean not null,
      n integer not null,
      rated integer not null,
      -- ratings in thousandths, sentiments in ten-thousandths: exact integer sums
      rsum bigint not null,
      s1 integer not null, s2 integer not null, s3 integer not null, s4 integer not null, s5 integer not null,
      sn integer not null,
      ssum bigint not null,
      resp integer not null,
      hours double precision[],
      primary key (entity_kind, entity_id, day, source_key, removed)
    )`.execute(db);
  await sql`
    create table rollup_theme_days (
      entity_kind text not null,
      entity_id integer not null,
      day date not null,
      source_key text not null,
      removed boolean not null,
      theme text not null,
      n integer not null,
      p bigint not null,
      primary key (entity_kind, entity_id, day, theme, source_key, removed)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rollup_theme_days`.execute(db);
  await sql`drop table if exists rollup_days`.execute(db);
  await sql`drop table if exists rollup_facts`.execute(db);
}
