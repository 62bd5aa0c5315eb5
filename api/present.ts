import type { TargetHealthRow } from '../db/queries/api-entities';
import type { Location, Person } from '../db/types';

/**
 * Row → JSON presenters shared by several routes, so one entity looks the
 * same wherever it appears. Timestamps are ISO strings; calendar dates stay
 * YYYY-MM-DD.
 */
export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function presentLocation(l: Location) {
  return {
    id: l.id,
    key: l.key,
    name: l.name,
    external_key: l.external_key,
    address: l.address,
    timezone: l.timezone,
    active: l.active,
    created_at: iso(l.created_at)!,
    updated_at: iso(l.updated_at)!,
  };
}

export function personActive(p: Pick<Person, 'active_to'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return p.active_to === null || p.active_to > today;
}

export function presentPerson(p: Person) {
  return {
    id: p.id,
    key: p.key,
    display_name: p.display_name,
    first_name: p.first_name,
    last_name: p.last_name,
    aliases: Array.isArray(p.aliases) ? p.aliases : [],
    role_title: p.role_title,
    team: p.team,
    location_id: p.location_id,
    manager_id: p.manager_id,
    external_key: p.external_key,
    active_from: p.active_from,
    active_to: p.active_to,
    active: personActive(p),
  };
}

/** Target status, worst first: a disabled target is just disabled; otherwise blocked, failing, low coverage, ok. */
export function presentTargetHealth(t: TargetHealthRow, coverageDropPct: number) {
  const coverage = t.site_review_count ? Math.round((t.stored_review_count / t.site_review_count) * 1000) / 1000 : null;
  const status = !t.enabled
    ? 'disabled'
    : t.last_run_id === null
      ? 'never_run'
      : t.last_run_status === 'blocked'
        ? 'blocked'
        : t.last_run_status === 'failed'
          ? 'failing'
          : coverage !== null && coverage < 1 - coverageDropPct / 100
            ? 'low_coverage'
            : 'ok';
  return {
    id: t.id,
    key: t.key,
    source: { key: t.source_key, label: t.source_label },
    url: t.url,
    entity: {
      kind: t.entity_kind,
      id: t.entity_kind === 'company' ? t.organization_id : t.entity_kind === 'location' ? t.location_id! : t.person_id!,
    },
    enabled: t.enabled,
    status: status as 'ok' | 'never_run' | 'failing' | 'blocked' | 'low_coverage' | 'disabled',
    last_run: t.last_run_id === null ? null : { id: t.last_run_id, status: t.last_run_status!, started_at: iso(t.last_run_at)! },
    last_success_at: iso(t.last_success_at),
    last_error_at: iso(t.last_error_at),
    last_error: t.last_error,
    blocked: t.last_run_status === 'blocked',
    blocked_reason: t.blocked_reason,
    blocked_runs_in_a_row: t.blocked_runs_in_a_row,
    stored_review_count: t.stored_review_count,
    site_review_count: t.site_review_count,
    site_rating: t.site_rating,
    coverage,
  };
}

export function flattenTargetHealth(t: ReturnType<typeof presentTargetHealth>) {
  return {
    id: t.id,
    key: t.key,
    source: t.source.key,
    url: t.url,
    entity_kind: t.entity.kind,
    entity_id: t.entity.id,
    enabled: t.enabled,
    status: t.status,
    last_run_status: t.last_run?.status ?? null,
    last_run_at: t.last_run?.started_at ?? null,
    last_success_at: t.last_success_at,
    last_error_at: t.last_error_at,
    last_error: t.last_error,
    blocked: t.blocked,
    blocked_reason: t.blocked_reason,
    stored_review_count: t.stored_review_count,
    site_review_count: t.site_review_count,
    coverage: t.coverage,
  };
}
