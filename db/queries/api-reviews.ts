import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AttributionMethod, Database, EntityKind } from '../types';

/**
 * Review search and detail for the API. Which reviews are "beneath" an entity
 * mirrors the rollups (jobs/rollups/aggregate.ts) so a list and a chart agree:
 * company = organization_id; location = location_id; person = their own profile
 * (unless a human rejected that pairing) plus reviews attributed to them with
 * status auto or confirmed. A review's date is published_at, else first_seen_at.
 */
type Db = Kysely<Database>;

export interface ReviewFilter {
  entity: { kind: EntityKind; id: number };
  sources?: string[];
  starsMin?: number;
  starsMax?: number;
  sentimentMin?: number;
  sentimentMax?: number;
  theme?: string;
  /** Inclusive calendar dates. */
  from?: string;
  to?: string;
  responded?: boolean;
  removed?: boolean;
  attributionMethod?: AttributionMethod;
  q?: string;
  /** contains: substring (ILIKE) in title or text; words: full-text (websearch syntax). */
  searchMode?: 'contains' | 'words';
}

export function beneath(entity: { kind: EntityKind; id: number }, alias = 'r'): RawBuilder<boolean> {
  const r = sql.raw(alias);
  if (entity.kind === 'company') return sql<boolean>`${r}.organization_id = ${entity.id}`;
  if (entity.kind === 'location') return sql<boolean>`${r}.location_id = ${entity.id}`;
  return sql<boolean>`((${r}.person_id = ${entity.id} and not exists (select 1 from attributions ax
      where ax.review_id = ${r}.id and ax.person_id = ${entity.id} and ax.status = 'rejected'))
    or ${r}.id in (select ay.review_id from attributions ay where ay.person_id = ${entity.id} and ay.status in ('auto', 'confirmed')))`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function conditions(f: ReviewFilter): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [beneath(f.entity)];
  if (f.sources?.length) out.push(sql`r.source_id in (select id from sources where key = any(${f.sources}::text[]))`);
  if (f.starsMin !== undefined) out.push(sql`r.rating >= ${f.starsMin}`);
  if (f.starsMax !== undefined) out.push(sql`r.rating <= ${f.starsMax}`);
  if (f.sentimentMin !== undefined || f.sentimentMax !== undefined)
    out.push(sql`exists (select 1 from review_scores s where s.review_id = r.id
      and s.sentiment >= ${f.sentimentMin ?? -1e9} and s.sentiment <= ${f.sentimentMax ?? 1e9})`);
  if (f.theme !== undefined) out.push(sql`exists (select 1 from review_themes t where t.review_id = r.id and t.theme = ${f.theme})`);
  if (f.from !== undefined) {
    const lo = `${f.from}T00:00:00Z`;
    out.push(sql`(r.published_at >= ${lo} or (r.published_at is null and r.first_seen_at >= ${lo}))`);
  }
  if (f.to !== undefined) {
    const hi = `${nextDay(f.to)}T00:00:00Z`;
    out.push(sql`(r.published_at < ${hi} or (r.published_at is null and r.first_seen_at < ${hi}))`);
  }
  if (f.responded !== undefined) out.push(f.responded ? sql`r.owner_response_text is not null` : sql`r.owner_response_text is null`);
  if (f.removed !== undefined) out.push(f.removed ? sql`r.removed_at is not null` : sql`r.removed_at is null`);
  if (f.attributionMethod !== undefined)
    out.push(sql`exists (select 1 from attributions a where a.review_id = r.id and a.method = ${f.attributionMethod} and a.status <> 'rejected')`);
  if (f.q) {
    if (f.searchMode === 'words')
      out.push(sql`to_tsvector('simple', coalesce(r.title, '') || ' ' || coalesce(r.text, '')) @@ websearch_to_tsquery('simple', ${f.q})`);
    else {
      const like = `%${escapeLike(f.q)}%`;
      out.push(sql`(r.text ilike ${like} escape '\\' or r.title ilike ${like} escape '\\')`);
    }
  }
  return out;
}

export interface ReviewListRow {
  id: number;
  source_key: string;
  target_id: number;
  entity_kind: EntityKind;
  organization_id: number;
  location_id: number | null;
  person_id: number | null;
  rating: number | null;
  rating_raw: number | null;
  rating_scale: number;
  title: string | null;
  text: string | null;
  language: string | null;
  author_name: string | null;
  published_at: Date | null;
  first_seen_at: Date;
  url: string | null;
  owner_response_text: string | null;
  owner_response_at: Date | null;
  removed_at: Date | null;
  version: number;
  sentiment: number | null;
  sentiment_label: string | null;
  /** published_at at full (microsecond) precision: the cursor must not lose digits a Date would drop. */
  published_key: string | null;
}

const listColumns = sql`r.id, src.key as source_key, r.target_id, r.entity_kind, r.organization_id, r.location_id, r.person_id,
  r.rating, r.rating_raw, r.rating_scale, r.title, r.text, r.language, r.author_name, r.published_at, r.first_seen_at, r.url,
  r.owner_response_text, r.owner_response_at, r.removed_at, r.version, sc.sentiment, sc.sentiment_label,
  to_char(r.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_key`;

function afterCursor({ publishedAt, id }: { publishedAt: string | null; id: number }): RawBuilder<boolean> {
  return publishedAt === null
    ? sql<boolean>`((r.published_at is null and r.id < ${id}) or r.published_at is not null)`
    : sql<boolean>`(r.published_at < ${publishedAt} or (r.published_at = ${publishedAt} and r.id < ${id}))`;
}

export interface ReviewListDetailRow extends ReviewListRow {
  /** By theme. */
  themes: { theme: string; polarity: number | null }[];
  /** Most confident first (ties by id). */
  attributions: { id: number; person_id: number; display_name: string; method: string; status: string; confidence: number | null }[];
}

/**
 * Newest first: published_at desc with undated reviews first (the order a
 * backward scan of the (entity, published_at) indexes gives), then id desc.
 * The cursor is (published_at or null, id) of the last row.
 * Each review comes with its themes and attributions (as the list shows them)
 * aggregated in the same statement: one round trip per page instead of three,
 * which under concurrent load cost more than the lookups themselves.
 */
export async function searchReviews(
  db: Db,
  f: ReviewFilter,
  page: { after?: { publishedAt: string | null; id: number }; limit: number },
): Promise<ReviewListDetailRow[]> {
  const where = conditions(f);
  if (page.after) where.push(afterCursor(page.after));
  const result = await sql<ReviewListDetailRow>`
    with found as (
      select ${listColumns}
      from reviews r
      join sources src on src.id = r.source_id
      left join review_scores sc on sc.review_id = r.id
      where ${sql.join(where, sql` and `)}
      order by r.published_at desc nulls first, r.id desc
      limit ${page.limit + 1})
    select found.*,
      coalesce((select json_agg(json_build_object('theme', t.theme, 'polarity', t.polarity) order by t.theme)
        from review_themes t where t.review_id = found.id), '[]') as themes,
      coalesce((select json_agg(json_build_object('id', a.id, 'person_id', a.person_id, 'display_name', p.display_name,
          'method', a.method, 'status', a.status, 'confidence', a.confidence) order by a.confidence desc, a.id)
        from attributions a join people p on p.id = a.person_id where a.review_id = found.id), '[]') as attributions
    from found
    order by found.published_at desc nulls first, found.id desc`.execute(db);
  return result.rows;
}

export async function reviewThemesFor(db: Db, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('review_themes')
    .select(['review_id', 'theme', 'polarity', 'quote'])
    .where(sql<boolean>`review_id = any(${[...ids]}::bigint[])`)
    .orderBy('review_id')
    .orderBy('theme')
    .execute();
}

export async function attributionsFor(db: Db, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('attributions as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.review_id', 'a.person_id', 'p.display_name', 'a.method', 'a.confidence', 'a.evidence', 'a.status', 'a.decided_by', 'a.decided_at'])
    .where(sql<boolean>`a.review_id = any(${[...ids]}::bigint[])`)
    .orderBy('a.review_id')
    .orderBy('a.confidence', 'desc')
    .orderBy('a.id')
    .execute();
}

export async function getReview(db: Db, id: number): Promise<(ReviewListRow & { text_original: string | null; translated_text: string | null; sub_ratings: Record<string, number>; employee_tags: unknown; published_precision: string | null; last_seen_at: Date; combined: number | null }) | undefined> {
  const result = await sql<ReviewListRow & { text_original: string | null; translated_text: string | null; sub_ratings: Record<string, number>; employee_tags: unknown; published_precision: string | null; last_seen_at: Date; combined: number | null }>`
    select ${listColumns}, r.text_original, r.translated_text, r.sub_ratings, r.employee_tags, r.published_precision, r.last_seen_at, sc.combined
    from reviews r
    join sources src on src.id = r.source_id
    left join review_scores sc on sc.review_id = r.id
    where r.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function reviewVersions(db: Db, id: number) {
  return db
    .selectFrom('review_versions')
    .select(['version', 'seen_at', 'rating', 'title', 'text', 'owner_response_text', 'changed_fields'])
    .where('review_id', '=', id)
    .orderBy('version')
    .execute();
}

/** People a review counts for (own profile or auto/confirmed attribution): used for manager scope checks. */
export async function reviewPeople(db: Db, id: number) {
  const rows = await sql<{ id: number; location_id: number | null; team: string | null }>`
    select p.id, p.location_id, p.team from people p
    where p.id in (select person_id from reviews where id = ${id} and person_id is not null
                   union select person_id from attributions where review_id = ${id} and status in ('auto', 'confirmed', 'pending'))`.execute(db);
  return rows.rows;
}
