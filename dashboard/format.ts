import type { PeriodKind } from '../db/types';

/**
 * How numbers and dates read on the dashboard. Missing values are an en dash,
 * never 0 or NaN: "no data" and "zero" mean different things to a manager.
 */
export const DASH = '–';

export function num(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : v.toFixed(digits);
}

export function signed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const s = v.toFixed(digits);
  return v > 0 ? `+${s}` : v < 0 ? `−${s.slice(1)}` : s;
}

export function pct(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${(v * 100).toFixed(digits)} %`;
}

export function int(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : Math.round(v).toLocaleString('en-US');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-10-03 → "3 Oct 2026" (dates are UTC calendar dates throughout). */
export function day(isoOrDate: string | null | undefined): string {
  if (!isoOrDate) return DASH;
  const d = new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate);
  if (Number.isNaN(d.getTime())) return DASH;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 Oct 2026 14:05 UTC" for crawl times, where the hour matters. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  return `${day(iso)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

/** A period start named the way a person says it. */
export function period(start: string | null | undefined, kind: PeriodKind | string): string {
  if (!start) return DASH;
  const d = new Date(`${start}T00:00:00Z`);
  const month = `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  switch (kind) {
    case 'week':
      return `week of ${day(start)}`;
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
    case 'r90':
      return `90 days to end of ${month}`;
    default:
      return month;
  }
}

/** Short axis/table label for a period start. */
export function periodShort(start: string, kind: PeriodKind | string): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (kind === 'week') return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  if (kind === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Stars as text for screen readers and a compact visual: "4 ★". */
export const stars = (v: number | null | undefined) => (v === null || v === undefined ? DASH : `${num(v, v % 1 === 0 ? 0 : 1)} ★`);

/** Polarity -1..1 in words, for themes. */
export function feeling(p: number | null | undefined): string {
  if (p === null || p === undefined) return DASH;
  if (p >= 0.35) return 'very positive';
  if (p >= 0.1) return 'positive';
  if (p > -0.1) return 'mixed';
  if (p > -0.35) return 'negative';
  return 'very negative';
}
