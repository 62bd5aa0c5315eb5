import type { PeriodKind } from '../../db/types';

/**
 * Period arithmetic shared by the processing job (which cells did a review
 * touch?) and the rollup SQL (which reviews fall in a cell?). Both sides must
 * agree to the millisecond, so the rules are written once here and mirrored in
 * rollup-sql.ts:
 *
 *  - All periods are in UTC. A review's instant is published_at, or first_seen_at
 *    when the site gives no date.
 *  - week: starts Monday 00:00 UTC (PostgreSQL's date_trunc('week')).
 *  - month / quarter: start on the 1st of the month / of Jan, Apr, Jul, Oct.
 *  - r90: rolling 90 days anchored at month ends. The row with period_start
 *    2026-03-01 covers [2026-04-01 − 90 days, 2026-04-01), i.e. the 90 days that
 *    end with the last day of March. For the running month that is "the last
 *    90 days so far". Anchoring at month ends (not at "now") makes every row a
 *    pure function of the reviews, so incremental refreshes equal full rebuilds
 *    and nothing has to be recomputed just because the clock moved.
 */
export const PERIOD_KINDS: readonly PeriodKind[] = ['week', 'month', 'quarter', 'r90'];
export const R90_DAYS = 90;
const DAY_MS = 86_400_000;

export interface PeriodCell {
  periodKind: PeriodKind;
  /** 'YYYY-MM-DD' */
  periodStart: string;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utcDate(y: number, m: number, day = 1): Date {
  return new Date(Date.UTC(y, m, day));
}

export function weekStart(t: Date): Date {
  const midnight = utcDate(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  // getUTCDay: Sunday = 0; Monday-based offset.
  const back = (midnight.getUTCDay() + 6) % 7;
  return new Date(midnight.getTime() - back * DAY_MS);
}

export function monthStart(t: Date): Date {
  return utcDate(t.getUTCFullYear(), t.getUTCMonth());
}

export function quarterStart(t: Date): Date {
  return utcDate(t.getUTCFullYear(), t.getUTCMonth() - (t.getUTCMonth() % 3));
}

export function addMonths(d: Date, n: number): Date {
  return utcDate(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate());
}

/** The month starts whose r90 window contains instant t (3 or 4 of them). */
export function r90Months(t: Date): Date[] {
  const first = monthStart(t);
  // Window of month M ends at start(M+1); it contains t while start(M+1) <= t + 90 days.
  const last = addMonths(monthStart(new Date(t.getTime() + R90_DAYS * DAY_MS)), -1);
  const out: Date[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Every (period kind, period start) cell an instant belongs to. */
export function cellsForInstant(t: Date): PeriodCell[] {
  return [
    { periodKind: 'week', periodStart: isoDate(weekStart(t)) },
    { periodKind: 'month', periodStart: isoDate(monthStart(t)) },
    { periodKind: 'quarter', periodStart: isoDate(quarterStart(t)) },
    ...r90Months(t).map((m) => ({ periodKind: 'r90' as const, periodStart: isoDate(m) })),
  ];
}

/** The half-open instant range [from, to) that a cell covers. */
export function cellRange(periodKind: PeriodKind, periodStart: string): { from: Date; to: Date } {
  const start = new Date(`${periodStart}T00:00:00Z`);
  switch (periodKind) {
    case 'week':
      return { from: start, to: new Date(start.getTime() + 7 * DAY_MS) };
    case 'month':
      return { from: start, to: addMonths(start, 1) };
    case 'quarter':
      return { from: start, to: addMonths(start, 3) };
    case 'r90': {
      const to = addMonths(start, 1);
      return { from: new Date(to.getTime() - R90_DAYS * DAY_MS), to };
    }
  }
}

/** Whether a string is a valid start of a period of that kind (API input checks). */
export function isPeriodStart(periodKind: PeriodKind, periodStart: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(periodStart)) return false;
  const d = new Date(`${periodStart}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || isoDate(d) !== periodStart) return false;
  const expected = periodKind === 'week' ? weekStart(d) : periodKind === 'quarter' ? quarterStart(d) : monthStart(d);
  return isoDate(expected) === periodStart;
}
