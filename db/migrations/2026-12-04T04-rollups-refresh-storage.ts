import { Kysely, sql } from 'kysely';

/**
 * Rollups storage for the incremental refresh, which re-derives every location
 * and person row of the periods a batch touched (their shrinkage priors come
 * from their siblings) and every company row:
 *  - an index by period: that read scanned the whole table (120,000 rows read
 *    for 8,500 at 1M stored reviews). Rankings ask for one period too;
 *  - free space in each page (fillfactor 70), so rewriting a row's derived
 *    columns (none of them indexed) can be a HOT update: the new version stays
 *    on its page and no index entry is added. Without room every such update
 *    moved the row to another page and added an entry to each index, and the
 *    rows of a period ended up spread over ever more pages.
 * Frozen in time: never import app code here and never edit this file after
 * it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index rollups_period_idx on rollups (period_kind, period_start)`.execute(db);
  await sql`alter table rollups set (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rollups reset (fillfactor)`.execute(db);
  await sql`drop index if exists rollups_period_idx`.execute(db);
}
