import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { calendarDate } from '../../core/validation';
import { ensureSource, getPrimaryOrganization } from '../../db/queries/entities';
import type { Database } from '../../db/types';
import { sourceLabel } from './source-labels';

/**
 * `repwatch import-roster FILE`: locations, people and their review profiles
 * from a CSV that HR or marketing can export. One row per entity, optionally
 * with one target (source + url); repeat the row to add more targets.
 *
 * Columns: type (location|person), key, name, location, aliases (";"-separated),
 * team, manager, external_key, active_from, active_to, source, url
 */
const key = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'key must be lowercase letters, digits, ".", "_" or "-"');
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalDate = z.preprocess((v) => (v === '' ? undefined : v), calendarDate.optional());

const rowSchema = z.object({
  type: z.enum(['location', 'person'], { message: 'type must be "location" or "person"' }),
  key,
  name: z.string().min(1, 'name is empty'),
  location: optional,
  aliases: optional,
  team: optional,
  manager: optional,
  external_key: optional,
  active_from: optionalDate,
  active_to: optionalDate,
  source: optional,
  url: z.preprocess((v) => (v === '' ? undefined : v), z.string().url('url must be a full URL').optional()),
});

export interface RosterImportReport {
  rows: { row: number; status: 'ok' | 'rejected'; key?: string; reason?: string }[];
  locations: number;
  people: number;
  targets: number;
}

export async function importRosterCsv(db: Kysely<Database>, text: string): Promise<RosterImportReport> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new AppError('IMPORT_INVALID', `The roster CSV cannot be read: ${(error as Error).message}. Nothing was imported.`);
  }
  const org = await getPrimaryOrganization(db);
  if (!org) throw new AppError('BAD_REQUEST', 'No company yet: run `repwatch migrate --config FILE` (or the demo) first so the roster has a company to join.');

  const report: RosterImportReport = { rows: [], locations: 0, people: 0, targets: 0 };
  await db.transaction().execute(async (trx) => {
    const locationIds = new Map((await trx.selectFrom('locations').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    const personIds = new Map((await trx.selectFrom('people').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    // Locations first, so that person rows can name a location defined further down the file.
    const ordered = records.map((r, i) => ({ r, row: i + 1 })).sort((a, b) => Number(a.r.type === 'person') - Number(b.r.type === 'person'));
    const managers: { personId: number; manager: string; row: number }[] = [];
    for (const { r, row } of ordered) {
      const parsed = rowSchema.safeParse(r);
      if (!parsed.success) {
        report.rows.push({ row, status: 'rejected', key: r.key, reason: parsed.error.issues[0]!.message });
        continue;
      }
      const d = parsed.data;
      if ((d.source && !d.url) || (!d.source && d.url)) {
        report.rows.push({ row, status: 'rejected', key: d.key, reason: 'source and url go together' });
        continue;
      }
      let entityLocationId: number | null = null;
      let personId: number | null = null;
      if (d.type === 'location') {
        const values = { name: d.name, external_key: d.external_key ?? null };
        const l = await trx
          .insertInto('locations')
          .values({ organization_id: org.id, key: d.key, ...values })
          .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: new Date() }))
          .returning('id')
          .executeTakeFirstOrThrow();
        if (!locationIds.has(d.key)) report.locations++;
        locationIds.set(d.key, l.id);
        entityLocationId = l.id;
      } else {
        if (d.location && !locationIds.has(d.location)) {
          report.rows.push({ row, status: 'rejected', key: d.key, reason: `unknown location "${d.location}"` });
          continue;
        }
        const [first, ...rest] = d.name.split(/\s+/);
        const values = {
          display_name: d.name,
          first_name: first ?? null,
          last_name: rest.join(' ') || null,
          aliases: JSON.stringify((d.aliases ?? '').split(';').map((a) => a.trim()).filter(Boolean)),
          location_id: d.location ? locationIds.get(d.location)! : null,
          team: d.team ?? null,
          external_key: d.external_key ?? null,
          active_from: d.active_from ?? null,
          active_to: d.active_to ?? null,
        };
        const p = await trx
          .insertInto('people')
          .values({ organization_id: org.id, key: d.key, ...values })
          .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: new Date() }))
          .returning('id')
          .executeTakeFirstOrThrow();
        if (!personIds.has(d.key)) report.people++;
        personIds.set(d.key, p.id);
        personId = p.id;
        entityLocationId = values.location_id;
        if (d.manager) managers.push({ personId: p.id, manager: d.manager, row });
      }
      if (d.source && d.url) {
        const sourceId = await ensureSource(trx, d.source, sourceLabel(d.source));
        const targetKey = `${d.key}:${d.source}`;
        await trx
          .insertInto('targets')
          .values({
            key: targetKey,
            source_id: sourceId,
            url: d.url,
            entity_kind: d.type === 'location' ? 'location' : 'person',
            organization_id: org.id,
            location_id: entityLocationId,
            person_id: personId,
          })
          .onConflict((oc) => oc.column('key').doUpdateSet({ url: d.url!, source_id: sourceId, updated_at: new Date() }))
          .execute();
        report.targets++;
      }
      report.rows.push({ row, status: 'ok', key: d.key });
    }
    for (const m of managers) {
      const managerId = personIds.get(m.manager);
      if (managerId === undefined) {
        const entry = report.rows.find((x) => x.row === m.row);
        if (entry) Object.assign(entry, { status: 'ok', reason: `manager "${m.manager}" not found; left empty` });
        continue;
      }
      await trx.updateTable('people').set({ manager_id: managerId }).where('id', '=', m.personId).execute();
    }
  });
  report.rows.sort((a, b) => a.row - b.row);
  return report;
}
