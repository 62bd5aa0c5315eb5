import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttributionMethod, AttributionStatus, Database, EntityKind, ThemeScoreJson } from '../types';

/**
 * Reads and bulk writes of the review-processing job. Every write takes a whole
 * batch as one JSON parameter expanded with json_to_recordset: one statement per
 * table per batch, no parameter-count limit, and the same SQL on PostgreSQL and
 * PGlite.
 */
type Db = Kysely<Database> | Transaction<Database>;

/** A batch of rows as a set-returning SQL expression; `columns` is the column definition list. */
function recordset(rows: readonly object[], columns: string) {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(columns)})`;
}

/** Ids as one bigint[] parameter (a batch may exceed the 65,535 bind-parameter limit of `in (...)`). */
function idArray(ids: readonly number[]) {
  return sql`${[...ids]}::bigint[]`;
}

export interface RosterPerson {
  id: number;
  organizationId: number;
  locationId: number | null;
  key: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  aliases: string[];
  team: string | null;
  activeFrom: string | null;
  activeTo: string | null;
}

export async function loadRoster(db: Db): Promise<RosterPerson[]> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'organization_id', 'location_id', 'key', 'display_name', 'first_name', 'last_name', 'aliases', 'team', 'active_from', 'active_to'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    locationId: r.location_id,
    key: r.key,
    displayName: r.display_name,
    firstName: r.first_name,
    lastName: r.last_name,
    aliases: Array.isArray(r.aliases) ? r.aliases.filter((a): a is string => typeof a === 'string') : [],
    team: r.team,
    activeFrom: r.active_from,
    activeTo: r.active_to,
  }));
}

export interface StoredAttributionRule {
  id: number;
  pattern: string;
  locationId: number | null;
  personId: number | null;
}

export async function loadAttributionRules(db: Db): Promise<StoredAttributionRule[]> {
  const rows = await db.selectFrom('attribution_rules').select(['id', 'pattern', 'location_id', 'person_id']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, pattern: r.pattern, locationId: r.location_id, personId: r.person_id }));
}

export interface PendingReview {
  id: number;
  contentHash: string;
  entityKind: EntityKind;
  organizationId: number;
  locationId: number | null;
  personId: number | null;
  rating: number | null;
  title: string | null;
  text: string | null;
  language: string | null;
  publishedAt: Date | null;
  firstSeenAt: Date;
  /** As stored; validated by the pipeline (crawlers may write junk). */
  employeeTags: unknown;
  /** Whether scores, themes or machine attributions of an earlier processing exist (false for a new review). */
  hasDerived: boolean;
}

/**
 * Claims the next reviews waiting in processing_queue, in id order, and takes
 * them out of the queue: the caller's transaction commits that removal together
 * with the batch's derived rows, or rolls both back. The queue rows are picked
 * FOR UPDATE with SKIP LOCKED, so two workers (or two lanes of one) take
 * disjoint batches instead of waiting for each other; the reviews are
 * share-locked, so a crawl that rewrites one of them meanwhile waits for the
 * batch to commit and then queues it again (its trigger), never in between.
 */
export async function claimPendingReviews(
  trx: Transaction<Database>,
  range: { afterId: number; uptoId?: number; limit: number },
): Promise<PendingReview[]> {
  const upto = range.uptoId === undefined ? sql`` : sql`and q.review_id <= ${range.uptoId}`;
  const { rows } = await sql<{
    id: number;
    content_hash: string;
    entity_kind: EntityKind;
    organization_id: number;
    location_id: number | null;
    person_id: number | null;
    rating: number | null;
    title: string | null;
    text: string | null;
    language: string | null;
    published_at: Date | null;
    first_seen_at: Date;
    employee_tags: unknown;
    has_derived: boolean;
  }>`
    -- The batch is claimed first, on the queue alone, so the planner sees a batch-sized set: claimed in the
    -- same statement as the join, it planned for the whole queue (20,000 pending rows), merge-joined reviews
    -- from their first id and hashed every review_scores, review_themes and attributions row for the checks
    -- below, on every batch (300–500 ms a batch at 100,000 stored, growing with the history).
    -- Deleted here, by primary key (= any(array(…)) is probed through the index), rather than after the
    -- writes: a delete joined to the batch's ids, like "in (subquery)", was planned as a hash join over a scan
    -- of the whole queue, on every batch (a million rows after a reprocess).
    with claimed as materialized (
      delete from processing_queue d
      where d.review_id = any(array(
        select q.review_id from processing_queue q
        where q.review_id > ${range.afterId} ${upto}
        order by q.review_id
        limit ${range.limit}
        for update skip locked
      ))
      returning d.review_id
    )
    select r.id, r.content_hash, r.entity_kind, r.organization_id, r.location_id, r.person_id, r.rating, r.title, r.text,
      r.language, r.published_at, r.first_seen_at, r.employee_tags,
      -- offset 0: probed by review id, never hashed whole (an EXISTS with an offset is not turned into a hash).
      exists (select 1 from review_scores s where s.review_id = r.id offset 0)
        or exists (select 1 from review_themes t where t.review_id = r.id offset 0)
        or exists (select 1 from attributions a where a.review_id = r.id and a.status in ('auto', 'pending') offset 0) as has_derived
    from claimed c join reviews r on r.id = c.review_id
    order by r.id
    for share of r
  `.execute(trx);
  return rows.map((r) => ({
    id: Number(r.id),
    contentHash: r.content_hash,
    entityKind: r.entity_kind,
    organizationId: r.organization_id,
    locationId: r.location_id,
    personId: r.person_id,
    rating: r.rating,
    title: r.title,
    text: r.text,
    language: r.language,
    publishedAt: r.published_at,
    firstSeenAt: r.first_seen_at,
    employeeTags: r.employee_tags,
    hasDerived: r.has_derived,
  }));
}

export interface ScoreWrite {
  reviewId: number;
  sentiment: number | null;
  sentimentLabel: string | null;
  combined: number | null;
  language: string | null;
  themes: ThemeScoreJson[];
}

export interface ThemeWrite {
  reviewId: number;
  theme: string;
  polarity: number;
  quote: string | null;
}

export interface AttributionWrite {
  reviewId: number;
  personId: number;
  method: AttributionMethod;
  confidence: number;
  evidence: string | null;
  status: Extract<AttributionStatus, 'auto' | 'pending'>;
}

export interface BatchWrite {
  scorerVersion: number;
  /** Every review of the batch with the content hash that was processed. */
  /** hasDerived: see PendingReview (rows of new reviews need no replacing). */
  reviews: { id: number; contentHash: string; hasDerived: boolean }[];
  scores: ScoreWrite[];
  themes: ThemeWrite[];
  attributions: AttributionWrite[];
  quarantined: { reviewId: number; contentHash: string; reason: string }[];
}

/**
 * Writes one processed batch. Must run inside the transaction that claimed it
 * (claimPendingReviews took its reviews out of the queue): the derived rows and
 * the queue rows' removal are committed together or not at all.
 */
export async function writeProcessedBatch(trx: Transaction<Database>, batch: BatchWrite): Promise<void> {
  if (batch.reviews.length === 0) return;
  // Most batches are new reviews: nothing of theirs to replace, so this statement is skipped for them.
  const redone = batch.reviews.filter((r) => r.hasDerived).map((r) => r.id);
  if (redone.length > 0) {
    const kept = batch.attributions.map((a) => ({ r: a.reviewId, p: a.personId }));
    await sql`
      with
      -- Themes are replaced wholesale: a theme that no longer appears must disappear.
      themes as (delete from review_themes where review_id = any(${idArray(redone)}) returning 1),
      -- Machine attributions (auto/pending) the new content no longer supports go; human decisions stay.
      machine as (
        delete from attributions
        where review_id = any(${idArray(redone)})
          and status in ('auto', 'pending')
          and (review_id, person_id) not in (select x.r, x.p from ${recordset(kept, 'r bigint, p int')})
        returning 1
      )
      select (select count(*) from themes) as themes, (select count(*) from machine) as machine
    `.execute(trx);
  }

  // Everything else in ONE statement (each CTE runs once, to completion, whether read or not): the
  // processing lanes share one event loop, and while one lane scores a batch (synchronous JS) the other
  // lane's next statement could not be sent, so every round trip saved is overlap gained.
  const scores = batch.scores.map((s) => ({ id: s.reviewId, s: s.sentiment, l: s.sentimentLabel, c: s.combined, g: s.language, t: s.themes }));
  const themes = batch.themes.map((t) => ({ id: t.reviewId, t: t.theme, p: t.polarity, q: t.quote }));
  const attributions = batch.attributions.map((a) => ({ r: a.reviewId, p: a.personId, m: a.method, c: a.confidence, e: a.evidence, s: a.status }));
  const quarantined = batch.quarantined.map((q) => ({ r: q.reviewId, h: q.contentHash, m: q.reason }));
  await sql`
    with
    scores as (
      insert into review_scores (review_id, sentiment, sentiment_label, combined, language, themes, scorer_version, scored_at)
      select x.id, x.s, x.l, x.c, x.g, x.t, ${batch.scorerVersion}, now()
      from ${recordset(scores, 'id bigint, s float8, l text, c float8, g text, t jsonb')}
      on conflict (review_id) do update set
        sentiment = excluded.sentiment, sentiment_label = excluded.sentiment_label, combined = excluded.combined,
        language = excluded.language, themes = excluded.themes, scorer_version = excluded.scorer_version, scored_at = excluded.scored_at
      returning 1
    ),
    -- Quarantined reviews keep no scores from an earlier version of their content (they have none in this batch).
    unscored as (delete from review_scores where review_id = any(${idArray(quarantined.map((q) => q.r))}) returning 1),
    themes as (
      insert into review_themes (review_id, theme, polarity, quote)
      select x.id, x.t, x.p, x.q from ${recordset(themes, 'id bigint, t text, p float8, q text')}
      returning 1
    ),
    attributions as (
      insert into attributions (review_id, person_id, method, confidence, evidence, status)
      select x.r, x.p, x.m, x.c, x.e, x.s from ${recordset(attributions, 'r bigint, p int, m text, c float8, e text, s text')}
      on conflict (review_id, person_id) do update set
        method = excluded.method, confidence = excluded.confidence, evidence = excluded.evidence, status = excluded.status
      where attributions.status in ('auto', 'pending')
      returning 1
    ),
    quarantined as (
      insert into processing_quarantine (review_id, content_hash, reason)
      select x.r, x.h, x.m from ${recordset(quarantined, 'r bigint, h text, m text')}
      on conflict (review_id, content_hash) do update set reason = excluded.reason
      returning 1
    )
    select (select count(*) from scores) as scores, (select count(*) from unscored) as unscored, (select count(*) from themes) as themes,
      (select count(*) from attributions) as attributions, (select count(*) from quarantined) as quarantined
  `.execute(trx);
}

/**
 * Sends reviews back to the processing queue, e.g. after a scorer upgrade:
 * all of them, or those scored by an older scorer version. Returns how many.
 */
export async function markForReprocessing(db: Db, opts: { belowScorerVersion?: number } = {}): Promise<number> {
  const older =
    opts.belowScorerVersion === undefined
      ? sql``
      : sql`where exists (select 1 from review_scores s where s.review_id = r.id and s.scorer_version < ${opts.belowScorerVersion})`;
  const res = await sql`insert into processing_queue (review_id) select r.id from reviews r ${older} on conflict do nothing`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

export async function countPendingReviews(db: Db): Promise<number> {
  const row = await db.selectFrom('processing_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
