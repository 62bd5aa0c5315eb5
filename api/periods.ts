import { addMonths, cellRange, isoDate, isPeriodStart, monthStart, quarterStart, weekStart } from '../jobs/rollups/periods';
import type { PeriodKind } from '../db/types';
import { AppError } from '../core/errors';

/**
 * Period helpers for the API, on top of the rollup job's period rules
 * (jobs/rollups/periods.ts), so the API never cuts periods differently from
 * the rollups it reads.
 */
const DAY = 86_400_000;

/** The start of the period of this kind containing the date (r90 rows are keyed by month). */
export function periodOf(kind: PeriodKind, date: Date): string {
  return isoDate(kind === 'week' ? weekStart(date) : kind === 'quarter' ? quarterStart(date) : monthStart(date));
}

/** Moves a period start by n periods. r90 steps a month (its rows are keyed by month). */
export function shiftPeriod(kind: PeriodKind, start: string, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (kind === 'week') return isoDate(new Date(d.getTime() + n * 7 * DAY));
  return isoDate(addMonths(d, kind === 'quarter' ? 3 * n : n));
}

/**
 * The period before, not overlapping: for r90 that is the window ending
 * where this one begins, three months earlier.
 */
export function previousPeriod(kind: PeriodKind, start: string): string {
  return shiftPeriod(kind, start, kind === 'r90' ? -3 : -1);
}

/** Every period start from..to inclusive (both already period starts). */
export function periodStarts(kind: PeriodKind, from: string, to: string, max = 1000): string[] {
  const out: string[] = [];
  for (let p = from; p <= to && out.length < max; p = shiftPeriod(kind, p, 1)) out.push(p);
  return out;
}

const defaultSpan: Record<PeriodKind, number> = { week: 26, month: 12, quarter: 8, r90: 12 };

/**
 * Normalises a requested date range to period starts: `from` rounds down to
 * its period, `to` defaults to the current period and `from` to a span back
 * from `to`. Too many periods is a 400 rather than a slow answer.
 */
export function periodRange(kind: PeriodKind, from: string | undefined, to: string | undefined, now = new Date(), maxPeriods = 520) {
  const toStart = periodOf(kind, to ? new Date(`${to}T00:00:00Z`) : now);
  const fromStart = from ? periodOf(kind, new Date(`${from}T00:00:00Z`)) : shiftPeriod(kind, toStart, -(defaultSpan[kind] - 1));
  const count = periodStarts(kind, fromStart, toStart, maxPeriods + 1).length;
  if (count > maxPeriods)
    throw new AppError('VALIDATION_FAILED', `Invalid query parameter "from": the range spans more than ${maxPeriods} ${kind} periods.`, { param: 'query.from' });
  return { from: fromStart, to: toStart };
}

export function checkPeriodStart(kind: PeriodKind, start: string, param = 'query.period_start'): void {
  if (!isPeriodStart(kind, start))
    throw new AppError('VALIDATION_FAILED', `Invalid query parameter "${param.split('.').pop()}": ${start} is not the first day of a ${kind === 'r90' ? 'month (r90 rows are keyed by month)' : kind}.`, { param });
}

export { cellRange };
