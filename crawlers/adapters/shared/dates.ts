/**
 * Date parsing with an honest precision. A review shown as "June 2019" must
 * not pretend to have been written on June 1st at midnight: the precision
 * travels with the value so scoring and trend windows can treat it as a month.
 *
 * Pure: relative dates ("3 weeks ago") are resolved against the crawl time the
 * caller passes in, never against the clock.
 */
import { isValid, parse as parseWithFormat, subDays, subHours, subMinutes, subMonths, subSeconds, subWeeks, subYears } from 'date-fns';
import type { DatePrecision, ExtractedDate } from '../../types';
import { cleanText } from './text';

export interface DateOptions {
  /** The crawl time; relative dates are resolved against it and future dates are refused. */
  crawledAt: Date;
  /**
   * A date-fns format string for numeric dates a site writes its own way
   * ("dd.MM.yyyy", "d/M/yyyy"). Tried first; the built-in patterns still apply if it fails.
   */
  format?: string;
}

/** Clock skew allowed between a site and the crawler before a date counts as "in the future". */
const FUTURE_SLACK_MS = 36 * 60 * 60 * 1000;
/** Nothing on the review web predates this; earlier years are parse mistakes (e.g. "99" read as 1999 is fine, 0099 is not). */
const EARLIEST = Date.UTC(1990, 0, 1);

const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5,
  jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10,
  dec: 11, december: 11,
};
const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function monthIndex(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/** UTC midnight of a calendar day, or null when the day does not exist (Feb 30). */
function utcDay(year: number, month: number, day: number): Date | null {
  const d = new Date(Date.UTC(year, month, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month && d.getUTCDate() === day ? d : null;
}

function result(date: Date | null, precision: DatePrecision, raw: string | undefined, opts: DateOptions): ExtractedDate | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  if (date.getTime() < EARLIEST) return null;
  if (date.getTime() > opts.crawledAt.getTime() + FUTURE_SLACK_MS) return null;
  return raw === undefined ? { iso: date.toISOString(), precision } : { iso: date.toISOString(), precision, raw };
}

function precisionOfFormat(format: string): DatePrecision {
  if (/[Hhms]/.test(format)) return 'exact';
  if (/d/.test(format)) return 'day';
  if (/M/.test(format)) return 'month';
  return 'year';
}

/** Relative phrases: "3 weeks ago", "a month ago", "yesterday", "just now", "last year". */
function parseRelative(text: string, crawledAt: Date): Date | null {
  const t = text.toLowerCase();
  if (/^(just now|now|moments? ago|a moment ago)$/.test(t)) return crawledAt;
  if (t === 'today') return startOfUtcDay(crawledAt);
  if (t === 'yesterday') return startOfUtcDay(subDays(crawledAt, 1));
  const last = /^last (week|month|year)$/.exec(t);
  if (last?.[1]) return shift(crawledAt, 1, last[1]);
  const ago = /^(?:about |around |over |almost )?(\d+|an?|one) (second|minute|min|hour|hr|day|week|month|year)s? ago$/.exec(t);
  if (!ago?.[1] || !ago[2]) return null;
  const amount = /^\d+$/.test(ago[1]) ? Number(ago[1]) : 1;
  return shift(crawledAt, amount, ago[2]);
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * Subtracts the amount; units of a day or more are rounded to UTC midnight so
 * that two crawls on the same day give the same value for the same review.
 */
function shift(from: Date, amount: number, unit: string): Date {
  switch (unit) {
    case 'second':
      return subSeconds(from, amount);
    case 'minute':
    case 'min':
      return subMinutes(from, amount);
    case 'hour':
    case 'hr':
      return subHours(from, amount);
    case 'day':
      return startOfUtcDay(subDays(from, amount));
    case 'week':
      return startOfUtcDay(subWeeks(from, amount));
    case 'month':
      return startOfUtcDay(subMonths(from, amount));
    default:
      return startOfUtcDay(subYears(from, amount));
  }
}

// Words sites put before a date ("Reviewed in June 2019", "Date of experience: …", "Posted on …").
const LEAD_IN = /^(?:(?:reviewed|posted|published|written|updated|submitted|visited|dined|stayed|date of experience|date)(?:\s+(?:in|on|at))?\s*:?\s*|(?:on|in)\s+)/i;

// "Monday, January 27, 2022": the weekday adds nothing once the date is read.
const WEEKDAY = /^(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+/i;

/**
 * Parses a date as a review site shows it. Returns null for empty text,
 * garbage, impossible calendar days, and dates in the future of `crawledAt`.
 */
export function parseDate(value: unknown, opts: DateOptions): ExtractedDate | null {
  if (value instanceof Date) return result(value, 'exact', undefined, opts);
  // JSON APIs give epoch numbers: seconds below 1e11 (year 5138), milliseconds above.
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    return result(new Date(value < 1e11 ? value * 1000 : value), 'exact', undefined, opts);
  }
  const raw = cleanText(value);
  if (!raw) return null;
  const text = raw.replace(LEAD_IN, '').replace(WEEKDAY, '').replace(/[.,;]$/, '').trim();

  if (opts.format) {
    const d = parseWithFormat(text, opts.format, new Date(0));
    if (isValid(d)) {
      // date-fns builds local time; re-read the fields as UTC so the result does not depend on the server's zone.
      const utc = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()));
      return result(utc, precisionOfFormat(opts.format), raw, opts);
    }
  }

  // ISO 8601 timestamp; a timestamp without a zone is taken as UTC.
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (iso) {
    const zoned = iso[7] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`;
    const day = utcDay(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
    return day ? result(new Date(zoned), 'exact', raw, opts) : null;
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return result(utcDay(Number(m[1]), Number(m[2]) - 1, Number(m[3])), 'day', raw, opts);
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return result(utcDay(Number(m[1]), Number(m[2]) - 1, 1), 'month', raw, opts);

  // "January 27, 2022", "Jan. 27 2022", "Dec 18, 2021 -", "27th January 2022", "27 Jan, 2022".
  m = new RegExp(`^${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  if (m?.[1]) {
    const month = monthIndex(m[1]);
    return month === undefined ? null : result(utcDay(Number(m[3]), month, Number(m[2])), 'day', raw, opts);
  }
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+(\\d{4})\\b`, 'i').exec(text);
  if (m?.[2]) {
    const month = monthIndex(m[2]);
    return month === undefined ? null : result(utcDay(Number(m[3]), month, Number(m[1])), 'day', raw, opts);
  }
  // "June 2019".
  m = new RegExp(`^${MONTH_NAME},?\\s+(\\d{4})$`, 'i').exec(text);
  if (m?.[1]) {
    const month = monthIndex(m[1]);
    return month === undefined ? null : result(utcDay(Number(m[2]), month, 1), 'month', raw, opts);
  }

  // Numeric day-month-year. Slashes are read US-style (month first) unless the
  // first number cannot be a month; dots and dashes are read day first (European).
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    const dayFirst = m[2] !== '/' || a > 12;
    const [day, month] = dayFirst ? [a, b] : [b, a];
    return result(utcDay(year, month - 1, day), 'day', raw, opts);
  }

  if (/^\d{4}$/.test(text)) return result(utcDay(Number(text), 0, 1), 'year', raw, opts);

  const relative = parseRelative(text, opts.crawledAt);
  if (relative) return result(relative, 'approximate', raw, opts);
  return null;
}
