import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types';

/**
 * Synthetic data for the processing benchmark, generated inside PostgreSQL
 * (insert … select generate_series) so a million reviews take seconds, not
 * minutes. setseed() makes the data the same on every run.
 *
 * Texts are built from natural review sentences (so language detection and
 * scoring see what they see in production: mostly English with function words,
 * a few other languages, some markup, some empty), with roster names inserted
 * in about a third of them, employee tags on a tenth.
 */
export interface BenchRoster {
  orgId: number;
  locationIds: number[];
  personIds: number[];
  names: string[];
}

const FIRST = ['Mike', 'Sarah', 'Dave', 'Ann', 'Carlos', 'Priya', 'Tom', 'Linda', 'Kevin', 'Maria', 'James', 'Grace', 'Omar', 'Julia', 'Ben', 'Nina'];
const LAST = ['Lambert', 'Connor', 'Okafor', 'Whitfield', 'Reyes', 'Patel', 'Nguyen', 'Schmidt', 'Brown', 'Garcia', 'Kowalski', 'Haddad', 'Larsen', 'Moreau'];

export async function seedBenchRoster(db: Kysely<Database>, locations: number, people: number): Promise<BenchRoster> {
  const org = await db.insertInto('organizations').values({ key: 'bench', name: 'Bench Motors' }).returning('id').executeTakeFirstOrThrow();
  const locs = await db
    .insertInto('locations')
    .values(Array.from({ length: locations }, (_, i) => ({ organization_id: org.id, key: `loc-${i}`, name: `Store ${i}` })))
    .returning('id')
    .execute();
  const names = Array.from({ length: people }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`);
  const ppl = await db
    .insertInto('people')
    .values(
      names.map((name, i) => ({
        organization_id: org.id,
        location_id: locs[i % locs.length]!.id,
        key: `p-${i}`,
        display_name: name,
        first_name: name.split(' ')[0]!,
        last_name: name.split(' ').slice(1).join(' '),
        aliases: JSON.stringify([]),
        team: `team-${i % 5}`,
      })),
    )
    .returning('id')
    .execute();
  for (const [key, label] of [['google', 'Google'], ['dealerrater', 'DealerRater'], ['yelp', 'Yelp']]) {
    await db.insertInto('sources').values({ key: key!, label: label! }).execute();
  }
  // One target per location and source; a profile target for every fourth person.
  await sql`
    insert into targets (key, source_id, url, entity_kind, organization_id, location_id)
    select 'l' || l.id || ':' || s.key, s.id, 'https://bench.test/' || l.id || '/' || s.key, 'location', ${org.id}, l.id
    from locations l cross join sources s`.execute(db);
  await sql`
    insert into targets (key, source_id, url, entity_kind, organization_id, location_id, person_id)
    select 'p' || p.id, s.id, 'https://bench.test/p/' || p.id, 'person', ${org.id}, p.location_id, p.id
    from people p join sources s on s.key = 'dealerrater' where p.id % 4 = 0`.execute(db);
  return { orgId: org.id, locationIds: locs.map((l) => l.id), personIds: ppl.map((p) => p.id), names };
}

const SENTENCES = [
  'The staff were friendly and the whole process was quick.',
  'We got a fair price on the car and they honored the online quote.',
  'I waited over two hours for the paperwork, which was frustrating.',
  'The finance manager was pushy and added fees we did not ask for.',
  'Service department fixed my brakes the same day, great job.',
  'Nobody called me back after I left three messages.',
  'The showroom was clean and they had coffee ready for us.',
  'Honestly the best car buying experience I have had.',
  'They were not very helpful when I asked about the warranty.',
  'It was an okay visit, nothing special but no problems either.',
  'The car was not cleaned when we picked it up and had a scratch.',
  'Trade-in value was lower than expected but they explained why.',
];
const FOREIGN = [
  'El servicio fue excelente y el personal muy amable con nosotros.',
  'Der Verkäufer war sehr freundlich und hat uns gut beraten.',
  'Le service était lent mais le personnel était très sympathique.',
];

function sqlArray(values: readonly string[]) {
  return sql`array[${sql.join(values.map((v) => sql.lit(v)))}]::text[]`;
}

/** The roster seedBenchRoster wrote, read back from a kept schema (--reuse). */
export async function loadBenchRoster(db: Kysely<Database>): Promise<BenchRoster> {
  const org = await db.selectFrom('organizations').select('id').where('key', '=', 'bench').executeTakeFirstOrThrow();
  const locs = await db.selectFrom('locations').select('id').where('organization_id', '=', org.id).orderBy('id').execute();
  const ppl = await db.selectFrom('people').select(['id', 'display_name']).where('organization_id', '=', org.id).orderBy('id').execute();
  return { orgId: org.id, locationIds: locs.map((l) => l.id), personIds: ppl.map((p) => p.id), names: ppl.map((p) => p.display_name) };
}

/**
 * Inserts `count` reviews with ids after the current maximum, published between
 * `from` and `to`. Deterministic for a given seed.
 */
export async function generateBenchReviews(
  db: Kysely<Database>,
  roster: BenchRoster,
  opts: { count: number; from: string; to: string; seed: number },
): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`select setseed(${opts.seed})`.execute(conn);
    await sql`
      with t as (
        select t.*, row_number() over (order by t.id) - 1 as n, count(*) over () as total from targets t
      ),
      base as (
        select g, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8,
          floor(random() * (select count(*) from targets))::int as tn
        from generate_series(1, ${opts.count}) g
      ),
      rows as (
        select b.*, t.id as target_id, t.source_id, t.entity_kind, t.location_id, t.person_id,
          greatest(1, least(5, case when b.r1 < 0.62 then 5 when b.r1 < 0.74 then 4 when b.r1 < 0.80 then 3 when b.r1 < 0.87 then 2 else 1 end)) as stars,
          ${sqlArray(roster.names)} as names,
          ${sqlArray(SENTENCES)} as sentences,
          ${sqlArray(FOREIGN)} as foreign_texts
        from base b join t on t.n = b.tn
      ),
      texts as (
        select r.*,
          case
            when r.r2 < 0.05 then null
            when r.r2 < 0.08 then foreign_texts[1 + floor(r.r3 * 3)::int]
            else
              sentences[1 + floor(r.r3 * 12)::int]
              || case when r.r4 < 0.35 then ' ' || names[1 + floor(r.r5 * array_length(names, 1))::int] || ' was our salesperson.' else '' end
              || case when r.r5 < 0.6 then ' ' || sentences[1 + floor(r.r6 * 12)::int] else '' end
              || case when r.r6 < 0.03 then ' <br><b>Would recommend!</b>' else '' end
          end as body
        from rows r
      )
      insert into reviews (source_id, target_id, external_id, entity_kind, organization_id, location_id, person_id,
        rating_raw, rating, text, published_at, first_seen_at, owner_response_text, owner_response_at, removed_at, content_hash, employee_tags)
      -- The current last id in the external id keeps ids unique on a kept schema (--reuse), whatever the seed.
      select source_id, target_id, 'b' || ${opts.seed} || '-' || (select coalesce(max(id), 0) from reviews) || '-' || g, entity_kind, ${roster.orgId}, location_id, person_id,
        stars, stars, body,
        ${opts.from}::timestamptz + (${opts.to}::timestamptz - ${opts.from}::timestamptz) * r7,
        ${opts.from}::timestamptz + (${opts.to}::timestamptz - ${opts.from}::timestamptz) * r7 + interval '1 day',
        case when r8 < 0.4 then 'Thanks for the feedback!' end,
        case when r8 < 0.4 then ${opts.from}::timestamptz + (${opts.to}::timestamptz - ${opts.from}::timestamptz) * r7 + (r6 * interval '72 hours') end,
        case when r1 > 0.985 then now() end,
        md5(coalesce(body, '') || stars),
        case when r3 < 0.1 then jsonb_build_array(jsonb_build_object('name', names[1 + floor(r2 * array_length(names, 1))::int], 'rating', 5,
          'ratingScale', 5, 'profileUrl', null, 'externalId', null)) else '[]'::jsonb end
      from texts`.execute(conn);
  });
}

/**
 * Stored history for the growth runs: marks every pending review processed
 * with SQL (a score derived from the rating, English, no themes or
 * attributions) instead of running the pipeline over it, so a million stored
 * reviews take seconds. The measured batches still go through the real code.
 */
export async function markPendingProcessed(db: Kysely<Database>): Promise<number> {
  const r = await sql`
    with pending as (delete from processing_queue returning review_id as id)
    insert into review_scores (review_id, sentiment, sentiment_label, combined, language, themes, scorer_version)
    select r.id, (r.rating - 3) / 2, case when r.rating >= 4 then 'positive' when r.rating <= 2 then 'negative' else 'neutral' end,
      (r.rating - 3) / 2, 'en', '[]'::jsonb, 1
    from pending p join reviews r on r.id = p.id
    on conflict (review_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
