import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types';

/**
 * A large synthetic dataset written straight into reviews, rollups and
 * cx_scores with set-based SQL (generate_series and GROUP BY), not through
 * the crawler or processing code: the benchmark measures the read path only.
 * Values are deterministic (multiplicative hashing of the row number) so two
 * runs read the same data.
 *
 * People are spread evenly over locations (person id p works at location
 * 1 + (p − 1) mod L), and every review belongs to a location and one of its
 * people. Rollups are plain aggregates of those reviews with a simple shrinkage
 * (prior 4.2, strength 10); r90 is approximated by the three months ending
 * with each month.
 */
export interface DatasetSize {
  reviews: number;
  people: number;
  locations: number;
  months: number;
}

/** The issue's size; generating it alone takes longer than the full run's 20-minute budget on a 2-core machine. */
export const ISSUE_SIZE: DatasetSize = { reviews: 5_000_000, people: 20_000, locations: 400, months: 24 };
export const FULL: DatasetSize = { reviews: 1_000_000, people: 5_000, locations: 100, months: 24 };
export const QUICK: DatasetSize = { reviews: 50_000, people: 500, locations: 20, months: 24 };

const TEXTS = [
  'Great service, the salesperson was friendly and patient.',
  'Long wait time at the service desk, nobody told us anything.',
  'Fair price and quick financing. Ask for Mike!',
  'The finance office pushed extras we did not want.',
  'Clean showroom, helpful staff, easy test drive.',
  'Terrible communication after the sale, calls never returned.',
  'Sarah made the trade-in painless and the price was right.',
  'Service department fixed it the same day, very happy.',
  'Pushy sales tactics, would not buy here again.',
  'Excellent experience from start to finish.',
  'Paperwork took forever but the car is great.',
  'Dave explained every option honestly, five stars.',
];

/**
 * Pseudo-random 0..2^20−1 from a row number, in SQL: multiplicative hashing
 * with a different odd multiplier per salt, keeping the well-mixed high bits.
 * (One multiplier with different offsets would make the values move together.)
 */
const MULTIPLIERS = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 1935289751];
const h = (salt: number) => sql.raw(`(((g * ${MULTIPLIERS[salt]!}::bigint) % 4294967296) / 4096)`);

export async function generate(db: Kysely<Database>, size: DatasetSize, log: (msg: string) => void): Promise<void> {
  const { locations: L, people: P, reviews: R, months: M } = size;
  const perLocation = Math.floor(P / L);
  await sql`insert into organizations (key, name) values ('bench', 'Bench Motors')`.execute(db);
  await sql`insert into sources (key, label) values ('google', 'Google'), ('dealerrater', 'DealerRater'), ('yelp', 'Yelp'), ('trustpilot', 'Trustpilot')`.execute(db);
  await sql`insert into locations (organization_id, key, name, external_key)
    select 1, 'loc-' || g, 'Location ' || g, 'S-' || g from generate_series(1, ${L}::int) g`.execute(db);
  await sql`insert into people (organization_id, location_id, key, display_name, first_name, last_name, team, external_key)
    select 1, 1 + (g - 1) % ${L}::int, 'p-' || g, 'Person ' || g, 'Person', g::text, 'team-' || ((g - 1) % ${L * 2}::int), 'E-' || g
    from generate_series(1, ${P}::int) g`.execute(db);
  await sql`insert into targets (key, source_id, url, entity_kind, organization_id, location_id)
    select 'loc-' || l || ':' || s.key, s.id, 'https://bench.test/' || s.key || '/' || l, 'location', 1, l
    from generate_series(1, ${L}::int) l cross join sources s`.execute(db);
  log(`roster: ${L} locations, ${P} people`);

  const texts = sql`${TEXTS}::text[]`;
  const chunk = 500_000;
  for (let start = 1; start <= R; start += chunk) {
    const end = Math.min(R, start + chunk - 1);
    await sql`
      insert into reviews (source_id, target_id, external_id, entity_kind, organization_id, location_id, person_id, rating_raw, rating,
        text, published_at, first_seen_at, last_seen_at, owner_response_text, owner_response_at, content_hash)
      select t.source_id, t.id, 'b' || x.g, 'location', 1, x.loc, x.loc + ${L}::int * x.k, x.rating, x.rating,
        (${texts})[1 + x.g % ${TEXTS.length}::int], x.pub, x.pub, x.pub,
        case when x.g % 3 = 0 then 'Thank you for your feedback.' end, case when x.g % 3 = 0 then x.pub + interval '20 hours' end,
        'h' || x.g
      from (
        select g, 1 + ${h(1)} % ${L}::int as loc, ${h(2)} % ${perLocation}::int as k, 1 + ${h(3)} % 4 as src,
          date_trunc('month', now()) - make_interval(months => ${M}::int) + make_interval(mins => (${h(4)} % (${M}::int * 30 * 1440))::int) as pub,
          case when ${h(5)} % 1000 < 50 + (${h(1)} % ${L}::int) % 10 * 8 then 1
               when ${h(5)} % 1000 < 100 + (${h(1)} % ${L}::int) % 10 * 12 then 2
               when ${h(5)} % 1000 < 180 + (${h(1)} % ${L}::int) % 10 * 15 then 3
               when ${h(5)} % 1000 < 400 + (${h(1)} % ${L}::int) % 10 * 15 then 4 else 5 end::float8 as rating
        from generate_series(${start}::bigint, ${end}::bigint) g
      ) x
      join targets t on t.location_id = x.loc and t.source_id = x.src`.execute(db);
    log(`reviews: ${end.toLocaleString('en')} / ${R.toLocaleString('en')}`);
  }
  // The generated reviews stand for processed ones (their rollups are generated below): none waits for processing.
  await sql`truncate processing_queue`.execute(db);

  for (const [kind, column] of [['company', 'organization_id'], ['location', 'location_id'], ['person', 'person_id']] as const) {
    for (const pk of ['month', 'quarter'] as const) {
      await sql`
        insert into rollups (entity_kind, entity_id, period_kind, period_start, source_key, review_count, rated_count, rating_sum, rating_avg,
          stars, sentiment_avg, sentiment_count, themes, responded_count, response_hours_median, removed_count, shrunk_rating, shrunk_low,
          shrunk_high, reputation_index, index_version)
        select ${kind}, id, ${pk}, ps, '*', n, n, s, s / n,
          jsonb_build_object('1', c1, '2', c2, '3', c3, '4', c4, '5', c5), (s / n - 3) / 2, n, '{}'::jsonb, resp, 20, 0,
          (s + 42) / (n + 10), (s + 42) / (n + 10) - 1.96 / sqrt(n + 10), (s + 42) / (n + 10) + 1.96 / sqrt(n + 10),
          ((s + 42) / (n + 10) - 1) / 4 * 80 + 20.0 * resp / n, 'bench'
        from (
          select ${sql.ref(column)} as id, date_trunc(${pk}, published_at)::date as ps, count(*)::int as n, sum(rating) as s,
            count(*) filter (where rating = 1)::int as c1, count(*) filter (where rating = 2)::int as c2, count(*) filter (where rating = 3)::int as c3,
            count(*) filter (where rating = 4)::int as c4, count(*) filter (where rating = 5)::int as c5, count(owner_response_text)::int as resp
          from reviews group by 1, 2
        ) a`.execute(db);
    }
    // r90 keyed by month: the three months ending with it (an approximation of 90 days).
    await sql`
      insert into rollups (entity_kind, entity_id, period_kind, period_start, source_key, review_count, rated_count, rating_sum, rating_avg,
        stars, sentiment_avg, sentiment_count, themes, responded_count, response_hours_median, removed_count, shrunk_rating, shrunk_low,
        shrunk_high, reputation_index, index_version)
      select entity_kind, entity_id, 'r90', period_start, '*', n, n, s, s / n, '{}'::jsonb, null, 0, '{}'::jsonb, resp, 20, 0,
        (s + 42) / (n + 10), (s + 42) / (n + 10) - 1.96 / sqrt(n + 10), (s + 42) / (n + 10) + 1.96 / sqrt(n + 10),
        ((s + 42) / (n + 10) - 1) / 4 * 80 + 20.0 * resp / n, 'bench'
      from (
        select entity_kind, entity_id, period_start,
          sum(review_count) over w as n, sum(rating_sum) over w as s, sum(responded_count) over w as resp
        from rollups where entity_kind = ${kind} and period_kind = 'month' and source_key = '*'
        window w as (partition by entity_id order by period_start rows between 2 preceding and current row)
      ) x`.execute(db);
    log(`rollups: ${kind}`);
  }

  await sql`
    insert into cx_scores (entity_kind, entity_id, metric, period_kind, period_start, value, responses, transactions, import_batch)
    select entity_kind, entity_id, 'NPS', 'month', period_start,
      greatest(-100, least(100, round((rating_avg - 3.6) * 60 + ((entity_id * 7 + extract(month from period_start)::int * 13) % 41 - 20)))),
      review_count * 3, review_count * 25, 'bench'
    from rollups where period_kind = 'month' and source_key = '*'`.execute(db);
  log('cx scores');
  // Vacuumed as well, so autovacuum does not start on the fresh tables during the load.
  await sql`vacuum analyze reviews, rollups, cx_scores, people, locations`.execute(db);
}
