import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { parseConfig } from '../../core/config/load';
import { AppError } from '../../core/errors';
import { attributeReview, buildNameIndex, DEFAULT_REVIEW_THRESHOLD, type RosterPerson } from '../../processing/attribution';

/**
 * `repwatch attribute --roster FILE`: who is each review about, without a
 * database. The roster is the repwatch config file (YAML/JSON: its people with
 * aliases, locations and active dates) or a CSV with the columns
 * key,name,aliases,location (aliases ";"-separated). Input: one JSON review per
 * line, `{ "text": "...", "employees": ["Mike L."], "location": "north",
 * "publishedAt": "2026-03-01", "id": anything }`. Output: one JSON object per
 * input line, in order:
 *   { "line": 1, "id": ..., "attributions": [{ "who": "mike", "name": "Mike Lambert",
 *     "how": "text", "confidence": 0.9, "needsReview": false, "evidence": "..." }] }
 * or { "line": 2, "error": "..." } for a line that is not a review.
 */
export interface ParsedRoster {
  people: RosterPerson[];
  reviewThreshold: number;
}

export function parseRosterFile(contents: string): ParsedRoster {
  const trimmed = contents.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new AppError('BAD_REQUEST', 'The roster file is empty.');
  const firstLine = trimmed.split(/\r?\n/, 1)[0]!.toLowerCase();
  const looksCsv = /(^|,)\s*key\s*(,|$)/.test(firstLine) && /(^|,)\s*name\s*(,|$)/.test(firstLine);
  return looksCsv ? parseRosterCsv(trimmed) : parseRosterConfig(trimmed);
}

function splitName(name: string): { firstName?: string; lastName?: string } {
  const [first, ...rest] = name.trim().split(/\s+/);
  return { ...(first ? { firstName: first } : {}), ...(rest.length ? { lastName: rest.join(' ') } : {}) };
}

function parseRosterConfig(text: string): ParsedRoster {
  let raw: unknown;
  try {
    raw = text.startsWith('{') ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The roster is neither a CSV with key,name columns nor a readable config file: ${(error as Error).message.split('\n')[0]}`);
  }
  const config = parseConfig(raw, 'roster');
  return {
    people: config.people.map((p) => ({
      id: p.key,
      displayName: p.name,
      ...splitName(p.name),
      aliases: [...p.aliases],
      locationId: p.location ?? null,
      active: { ...(p.activeFrom ? { from: p.activeFrom } : {}), ...(p.activeTo ? { to: p.activeTo } : {}) },
    })),
    reviewThreshold: config.settings.scoring.attributionReviewThreshold,
  };
}

function parseRosterCsv(text: string): ParsedRoster {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The roster CSV cannot be read: ${(error as Error).message}`);
  }
  const people: RosterPerson[] = [];
  records.forEach((r, i) => {
    if (!r.key || !r.name) throw new AppError('BAD_REQUEST', `roster CSV row ${i + 2}: key and name are required`, { param: `row ${i + 2}` });
    people.push({
      id: r.key,
      displayName: r.name,
      ...splitName(r.name),
      aliases: (r.aliases ?? '').split(';').map((a) => a.trim()).filter(Boolean),
      locationId: r.location || null,
    });
  });
  return { people, reviewThreshold: DEFAULT_REVIEW_THRESHOLD };
}

interface InputReview {
  text?: unknown;
  employees?: unknown;
  location?: unknown;
  publishedAt?: unknown;
  id?: unknown;
}

function employeeNames(value: unknown): { name: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('"employees" must be a list of names');
  return value.map((e) => {
    const name = typeof e === 'string' ? e : e && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : null;
    if (name === null) throw new Error('each employee must be a name or { "name": ... }');
    return { name };
  });
}

export async function* attributeLines(
  rosterFileContents: string,
  jsonLines: AsyncIterable<string>,
  opts: { reviewThreshold?: number } = {},
): AsyncIterable<object> {
  const roster = parseRosterFile(rosterFileContents);
  const index = buildNameIndex(roster.people);
  const names = new Map(roster.people.map((p) => [p.id, p.displayName]));
  const reviewThreshold = opts.reviewThreshold ?? roster.reviewThreshold;
  let line = 0;
  for await (const raw of jsonLines) {
    line++;
    if (raw.trim() === '') continue;
    try {
      const input = JSON.parse(raw) as InputReview;
      if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('each line must be a JSON object');
      if (input.text !== undefined && input.text !== null && typeof input.text !== 'string') throw new Error('"text" must be a string');
      if (input.location !== undefined && input.location !== null && typeof input.location !== 'string') throw new Error('"location" must be a location key');
      const attributions = attributeReview(
        index,
        {
          text: (input.text as string | null | undefined) ?? null,
          employees: employeeNames(input.employees),
          locationId: (input.location as string | undefined) ?? null,
          publishedAt: typeof input.publishedAt === 'string' ? input.publishedAt : null,
        },
        { reviewThreshold },
      );
      yield {
        line,
        ...(input.id !== undefined ? { id: input.id } : {}),
        attributions: attributions.map((a) => ({
          who: a.personId,
          name: names.get(a.personId) ?? a.personId,
          how: a.method,
          confidence: a.confidence,
          needsReview: a.needsReview,
          evidence: a.evidence,
        })),
      };
    } catch (error) {
      yield { line, error: error instanceof SyntaxError ? `not valid JSON: ${error.message}` : (error as Error).message };
    }
  }
}
