import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { isCalendarDate } from '../../core/validation';
import type { EntityKind, PeriodKind } from '../../db/types';

/**
 * Internal CX scores (NPS, CSAT, CES...) as a company exports them. One row:
 * an entity (our id, or an external key such as a store code or employee
 * number), a period, a metric, a value, the number of survey responses and
 * optionally the number of transactions in that period.
 */
export const CX_METRICS = {
  NPS: { min: -100, max: 100 },
  CSAT: { min: 0, max: 100 },
  CES: { min: 1, max: 7 },
  OSAT: { min: 0, max: 100 },
} as const;
export type CxMetric = keyof typeof CX_METRICS;

export interface CxRowInput {
  entity_type?: unknown;
  entity_id?: unknown;
  external_key?: unknown;
  period?: unknown;
  metric?: unknown;
  value?: unknown;
  responses?: unknown;
  transactions?: unknown;
}

export interface ParsedCxRow {
  entityKind: EntityKind;
  entityId?: number;
  externalKey?: string;
  periodKind: PeriodKind;
  periodStart: string;
  metric: CxMetric;
  value: number;
  responses: number | null;
  transactions: number | null;
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalCount = z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1e9).optional());

const rowSchema = z.object({
  entity_type: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['company', 'location', 'person'], { message: 'entity_type must be company, location or person' }),
  ),
  entity_id: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  external_key: z.preprocess(emptyToUndefined, z.coerce.string().trim().min(1).optional()),
  period: z.coerce.string().trim(),
  metric: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.enum(Object.keys(CX_METRICS) as [CxMetric, ...CxMetric[]], {
      message: `metric must be one of ${Object.keys(CX_METRICS).join(', ')}`,
    }),
  ),
  value: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'value must be a number' }).finite()),
  responses: optionalCount,
  transactions: optionalCount,
});

/**
 * Periods: "2026-03" (month), "2026-Q1" (quarter), "2026-W05" (ISO week), or a
 * date "2026-03-01" (taken as that month). Returned as the period's first day.
 */
export function parsePeriod(text: string): { kind: PeriodKind; start: string } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { kind: 'month', start: `${m[1]}-${m[2]}-01` } : null;
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) return { kind: 'quarter', start: `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01` };
  m = /^(\d{4})-W(\d{2})$/i.exec(text);
  if (m) {
    const week = Number(m[2]);
    if (week < 1 || week > 53) return null;
    // ISO week 1 contains January 4th; weeks start on Monday.
    const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (week - 1) * 7 * 86_400_000);
    return { kind: 'week', start: monday.toISOString().slice(0, 10) };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    if (!isCalendarDate(text)) return null;
    return { kind: 'month', start: `${m[1]}-${m[2]}-01` };
  }
  return null;
}

export function validateCxRow(input: CxRowInput): { ok: true; row: ParsedCxRow } | { ok: false; reason: string } {
  const r = rowSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    return { ok: false, reason: issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}` };
  }
  const d = r.data;
  if (d.entity_id === undefined && d.external_key === undefined)
    return { ok: false, reason: 'each row needs entity_id or external_key' };
  const period = parsePeriod(d.period);
  if (!period) return { ok: false, reason: `period "${d.period}" is not a month (2026-03), quarter (2026-Q1), ISO week (2026-W05) or date` };
  const range = CX_METRICS[d.metric];
  if (d.value < range.min || d.value > range.max)
    return { ok: false, reason: `value ${d.value} is outside ${d.metric}'s range ${range.min}..${range.max}` };
  return {
    ok: true,
    row: {
      entityKind: d.entity_type,
      entityId: d.entity_id,
      externalKey: d.external_key,
      periodKind: period.kind,
      periodStart: period.start,
      metric: d.metric,
      value: d.value,
      responses: d.responses ?? null,
      transactions: d.transactions ?? null,
    },
  };
}

/** Parses CSV text with a header row. A structurally broken file is rejected whole, with the line. */
export function parseCxCsv(text: string): CxRowInput[] {
  try {
    return parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_')),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as CxRowInput[];
  } catch (error) {
    throw new AppError('IMPORT_INVALID', `The CSV file cannot be read: ${(error as Error).message}. Nothing was imported.`);
  }
}

export function parseCxJson(value: unknown): CxRowInput[] {
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown })?.rows;
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null))
    throw new AppError('IMPORT_INVALID', 'The JSON must be an array of row objects (or { "rows": [...] }). Nothing was imported.');
  return rows as CxRowInput[];
}
