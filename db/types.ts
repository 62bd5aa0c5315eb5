import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

/**
 * The one `Database` type for Kysely. Columns mirror db/migrations; the
 * connection factory installs type parsers so that bigint and numeric come
 * back as numbers and `date` as 'YYYY-MM-DD' strings on both dialects.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A calendar date as 'YYYY-MM-DD'. */
type DateOnly = ColumnType<string, string, string>;
type NullableDateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Id = Generated<number>;

export type EntityKind = 'company' | 'location' | 'person';
export type CrawlMode = 'incremental' | 'full';
export type CrawlStatus = 'running' | 'ok' | 'partial' | 'blocked' | 'failed';
export type AttributionMethod = 'profile' | 'tag' | 'text';
export type AttributionStatus = 'auto' | 'pending' | 'confirmed' | 'rejected';
export type PeriodKind = 'week' | 'month' | 'quarter' | 'r90';
export type Role = 'admin' | 'leadership' | 'marketing' | 'manager';

export interface EmployeeTagJson {
  name: string;
  rating: number | null;
  ratingScale: number;
  profileUrl: string | null;
  externalId: string | null;
}

export interface ThemeScoreJson {
  theme: string;
  polarity: number;
}

export interface ApiKeyScope {
  /** Manager keys: the locations they manage (ids). */
  locationIds?: number[];
  /** Manager keys: the team names they manage. */
  teams?: string[];
}

export interface OrganizationsTable {
  id: Id;
  key: string;
  name: string;
  external_key: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LocationsTable {
  id: Id;
  organization_id: number;
  key: string;
  name: string;
  external_key: string | null;
  address: string | null;
  timezone: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PeopleTable {
  id: Id;
  organization_id: number;
  location_id: number | null;
  key: string;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  aliases: JSONColumnType<string[], string | undefined, string>;
  role_title: string | null;
  team: string | null;
  manager_id: number | null;
  external_key: string | null;
  active_from: NullableDateOnly;
  active_to: NullableDateOnly;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SourcesTable {
  id: Id;
  key: string;
  label: string;
  needs_browser: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface TargetsTable {
  id: Id;
  key: string;
  source_id: number;
  url: string;
  entity_kind: EntityKind;
  organization_id: number;
  location_id: number | null;
  person_id: number | null;
  schedule: string | null;
  options: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  enabled: Generated<boolean>;
  last_full_sweep_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CrawlRunsTable {
  id: Id;
  target_id: number;
  mode: CrawlMode;
  status: CrawlStatus;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  pages: Generated<number>;
  reviews_seen: Generated<number>;
  reviews_new: Generated<number>;
  reviews_changed: Generated<number>;
  reviews_removed: Generated<number>;
  errors: Generated<number>;
  error_message: string | null;
  blocked_reason: string | null;
  site_review_count: number | null;
  site_rating: number | null;
  stored_review_count: number | null;
  job_id: string | null;
}

export interface RawPagesTable {
  id: Id;
  crawl_run_id: number;
  target_id: number;
  url: string;
  status: number;
  content_type: string | null;
  fetched_at: Timestamp;
  body_gzip: Buffer | Uint8Array;
  captured_gzip: Buffer | Uint8Array | null;
  sha256: string;
}

export interface ReviewsTable {
  id: Id;
  source_id: number;
  target_id: number;
  external_id: string;
  entity_kind: EntityKind;
  organization_id: number;
  location_id: number | null;
  person_id: number | null;
  rating_raw: number | null;
  rating_scale: Generated<number>;
  rating: number | null;
  title: string | null;
  text: string | null;
  text_original: string | null;
  translated_text: string | null;
  language: string | null;
  author_name: string | null;
  published_at: NullableTimestamp;
  published_precision: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  owner_response_text: string | null;
  owner_response_at: NullableTimestamp;
  removed_at: NullableTimestamp;
  missed_sweeps: Generated<number>;
  content_hash: string;
  url: string | null;
  employee_tags: JSONColumnType<EmployeeTagJson[], string | undefined, string>;
  sub_ratings: JSONColumnType<Record<string, number>, string | undefined, string>;
  extra: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  version: Generated<number>;
}

/** Reviews whose current content is not processed yet (filled by triggers on reviews). */
export interface ProcessingQueueTable {
  review_id: number;
  queued_at: Generated<Date>;
}

export interface ReviewVersionsTable {
  id: Id;
  review_id: number;
  version: number;
  seen_at: Timestamp;
  content_hash: string;
  rating: number | null;
  title: string | null;
  text: string | null;
  owner_response_text: string | null;
  changed_fields: JSONColumnType<string[], string | undefined, string>;
}

export interface AttributionsTable {
  id: Id;
  review_id: number;
  person_id: number;
  method: AttributionMethod;
  confidence: number;
  evidence: string | null;
  status: AttributionStatus;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface AttributionRulesTable {
  id: Id;
  pattern: string;
  location_id: number | null;
  person_id: number | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ReviewScoresTable {
  review_id: number;
  sentiment: number | null;
  sentiment_label: string | null;
  combined: number | null;
  language: string | null;
  themes: JSONColumnType<ThemeScoreJson[], string | undefined, string>;
  scorer_version: number;
  scored_at: Timestamp;
}

export interface ReviewThemesTable {
  review_id: number;
  theme: string;
  polarity: number;
  quote: string | null;
}

export interface ProcessingQuarantineTable {
  id: Id;
  review_id: number;
  content_hash: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface CxScoresTable {
  id: Id;
  entity_kind: EntityKind;
  entity_id: number;
  metric: string;
  period_kind: PeriodKind;
  period_start: DateOnly;
  value: number;
  responses: number | null;
  transactions: number | null;
  import_batch: string | null;
  imported_at: Timestamp;
}

export interface RollupsTable {
  entity_kind: EntityKind;
  entity_id: number;
  period_kind: PeriodKind;
  period_start: DateOnly;
  source_key: string;
  review_count: number;
  rated_count: number;
  rating_sum: number;
  rating_avg: number | null;
  stars: JSONColumnType<Record<string, number>, string, string>;
  sentiment_avg: number | null;
  sentiment_count: number;
  themes: JSONColumnType<Record<string, { count: number; polaritySum: number }>, string, string>;
  responded_count: number;
  response_hours_median: number | null;
  removed_count: number;
  shrunk_rating: number | null;
  shrunk_low: number | null;
  shrunk_high: number | null;
  reputation_index: number | null;
  index_version: string | null;
  computed_at: Timestamp;
}

/** One review's contribution to one entity's rollups, as last counted. */
export interface RollupFactsTable {
  review_id: number;
  entity_kind: EntityKind;
  entity_id: number;
  day: DateOnly;
  source_key: string;
  removed: boolean;
  rating_m: string | null;
  star: number | null;
  responded: boolean;
  hours: number | null;
  sent_m: string | null;
  themes: string[] | null;
  polarities: string[] | null;
}

/** Additive counts of one entity's reviews of one UTC day and source (rollups are summed from these). */
export interface RollupDaysTable {
  entity_kind: EntityKind;
  entity_id: number;
  day: DateOnly;
  source_key: string;
  removed: boolean;
  n: number;
  rated: number;
  /** Ratings in thousandths. */
  rsum: string;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  sn: number;
  /** Sentiments in ten-thousandths. */
  ssum: string;
  resp: number;
  /** Response hours of the answered reviews (exact medians). */
  hours: number[] | null;
}

export interface RollupThemeDaysTable {
  entity_kind: EntityKind;
  entity_id: number;
  day: DateOnly;
  source_key: string;
  removed: boolean;
  theme: string;
  n: number;
  /** Polarity sum in ten-thousandths. */
  p: string;
}

export interface AlertsTable {
  id: Id;
  rule: string;
  entity_kind: EntityKind | 'target';
  entity_id: number;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  detail: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  dedupe_key: string;
  created_at: Generated<Date>;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  muted_until: NullableTimestamp;
  delivered_at: NullableTimestamp;
  delivery_attempts: Generated<number>;
  last_delivery_error: string | null;
}

export interface ApiKeysTable {
  id: Id;
  name: string;
  prefix: string;
  key_hash: string;
  role: Role;
  scope: JSONColumnType<ApiKeyScope, string | undefined, string>;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface ScheduleSlotsTable {
  slot_key: string;
  claimed_by: string;
  claimed_at: Generated<Date>;
}

export interface Database {
  organizations: OrganizationsTable;
  locations: LocationsTable;
  people: PeopleTable;
  sources: SourcesTable;
  targets: TargetsTable;
  crawl_runs: CrawlRunsTable;
  raw_pages: RawPagesTable;
  reviews: ReviewsTable;
  processing_queue: ProcessingQueueTable;
  review_versions: ReviewVersionsTable;
  attributions: AttributionsTable;
  attribution_rules: AttributionRulesTable;
  review_scores: ReviewScoresTable;
  review_themes: ReviewThemesTable;
  processing_quarantine: ProcessingQuarantineTable;
  cx_scores: CxScoresTable;
  rollups: RollupsTable;
  rollup_facts: RollupFactsTable;
  rollup_days: RollupDaysTable;
  rollup_theme_days: RollupThemeDaysTable;
  alerts: AlertsTable;
  api_keys: ApiKeysTable;
  schedule_slots: ScheduleSlotsTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type Location = Selectable<LocationsTable>;
export type NewLocation = Insertable<LocationsTable>;
export type LocationUpdate = Updateable<LocationsTable>;
export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Source = Selectable<SourcesTable>;
export type Target = Selectable<TargetsTable>;
export type NewTarget = Insertable<TargetsTable>;
export type TargetUpdate = Updateable<TargetsTable>;
export type CrawlRun = Selectable<CrawlRunsTable>;
export type NewCrawlRun = Insertable<CrawlRunsTable>;
export type CrawlRunUpdate = Updateable<CrawlRunsTable>;
export type RawPage = Selectable<RawPagesTable>;
export type Review = Selectable<ReviewsTable>;
export type NewReview = Insertable<ReviewsTable>;
export type ReviewUpdate = Updateable<ReviewsTable>;
export type ReviewVersion = Selectable<ReviewVersionsTable>;
export type Attribution = Selectable<AttributionsTable>;
export type NewAttribution = Insertable<AttributionsTable>;
export type AttributionRule = Selectable<AttributionRulesTable>;
export type ReviewScore = Selectable<ReviewScoresTable>;
export type CxScore = Selectable<CxScoresTable>;
export type NewCxScore = Insertable<CxScoresTable>;
export type Rollup = Selectable<RollupsTable>;
export type NewRollup = Insertable<RollupsTable>;
export type Alert = Selectable<AlertsTable>;
export type NewAlert = Insertable<AlertsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
