import { periodOf } from '../api/periods';
import { isCalendarDate } from '../core/validation';
import type { PeriodKind } from '../db/types';
import type { Query } from './internal-api';

/**
 * The filters every page shares live in the URL query string, so a reload, a
 * bookmark or a link sent to a colleague shows the same view:
 *   granularity = week | month | quarter | r90, from / to = YYYY-MM-DD,
 *   source = a review-site key (all sources when absent), level = location | person.
 * Anything malformed falls back to the default and is reported on the page
 * rather than failing it.
 */
export const GRANULARITIES: readonly PeriodKind[] = ['week', 'month', 'quarter', 'r90'];
export const GRANULARITY_LABELS: Record<PeriodKind, string> = { week: 'Week', month: 'Month', quarter: 'Quarter', r90: 'Rolling 90 days' };

export interface Filters {
  granularity: PeriodKind;
  from?: string;
  to?: string;
  source?: string;
  level: 'location' | 'person';
  /** Leadership / sources: whose children or targets (location:<id>); company when absent. */
  entity?: string;
}

export interface ParsedFilters {
  filters: Filters;
  /** Values that were ignored, for a notice on the page. */
  ignored: string[];
}

export function parseFilters(q: Record<string, string | undefined>): ParsedFilters {
  const ignored: string[] = [];
  const f: Filters = { granularity: 'month', level: 'location' };
  if (q.granularity) {
    if ((GRANULARITIES as readonly string[]).includes(q.granularity)) f.granularity = q.granularity as PeriodKind;
    else ignored.push(`granularity "${q.granularity}"`);
  }
  for (const k of ['from', 'to'] as const) {
    const v = q[k];
    if (!v) continue;
    if (isCalendarDate(v)) f[k] = v;
    else ignored.push(`${k} "${v}"`);
  }
  if (f.from && f.to && f.from > f.to) {
    ignored.push(`from ${f.from} after to ${f.to}`);
    delete f.from;
  }
  if (q.source) {
    if (/^[a-z0-9:._-]{1,60}$/.test(q.source)) f.source = q.source;
    else ignored.push(`source "${q.source}"`);
  }
  if (q.level) {
    if (q.level === 'location' || q.level === 'person') f.level = q.level;
    else ignored.push(`level "${q.level}"`);
  }
  if (q.entity) {
    if (/^location:\d{1,10}$/.test(q.entity)) f.entity = q.entity;
    else ignored.push(`entity "${q.entity}"`);
  }
  return { filters: f, ignored };
}

/** The filters as query parameters (only what differs from the defaults). */
export function filterQuery(f: Filters, keep: readonly (keyof Filters)[] = ['granularity', 'from', 'to', 'source']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keep) {
    const v = f[k];
    if (v === undefined) continue;
    if (k === 'granularity' && v === 'month') continue;
    if (k === 'level' && v === 'location') continue;
    out[k] = String(v);
  }
  return out;
}

/** A dashboard link carrying the filters along. */
export function hrefWith(path: string, f: Filters, extra: Record<string, string | undefined> = {}, keep?: readonly (keyof Filters)[]): string {
  const p = new URLSearchParams(filterQuery(f, keep));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** Series queries: the range, granularity and source. CX has no rolling windows, so r90 falls back to month there. */
export function rangeQuery(f: Filters): Query {
  return { granularity: f.granularity, from: f.from, to: f.to };
}

/** The single period a league table or theme list shows: the one containing `to`, else the API's latest with data. */
export function focusPeriod(f: Filters, kind: PeriodKind = f.granularity): string | undefined {
  return f.to ? periodOf(kind, new Date(`${f.to}T00:00:00Z`)) : undefined;
}

/** The API's own source key for the series (all sources = '*'). */
export const sourceKey = (f: Filters) => f.source ?? '*';
