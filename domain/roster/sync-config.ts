import type { Kysely } from 'kysely';
import type { RepwatchConfig, TargetConfig } from '../../core/config/schema';
import { ensureSource } from '../../db/queries/entities';
import type { Database, EntityKind } from '../../db/types';
import { sourceLabel } from './source-labels';

/**
 * Makes the database match the config file: company, locations, people and
 * their targets. Idempotent, and all-or-nothing (one transaction). Entities
 * missing from the config are deactivated rather than deleted, so their
 * review history stays.
 */
export interface SyncReport {
  organizationId: number;
  locations: { created: number; updated: number; deactivated: number };
  people: { created: number; updated: number; deactivated: number };
  targets: { created: number; updated: number; disabled: number };
}

export async function syncConfig(db: Kysely<Database>, config: Readonly<RepwatchConfig>, today = new Date()): Promise<SyncReport> {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto('organizations')
      .values({ key: config.company.key, name: config.company.name, external_key: config.company.externalKey ?? null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ name: config.company.name, external_key: config.company.externalKey ?? null, updated_at: new Date() }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const organizationId = org.id;
    const report: SyncReport = {
      organizationId,
      locations: { created: 0, updated: 0, deactivated: 0 },
      people: { created: 0, updated: 0, deactivated: 0 },
      targets: { created: 0, updated: 0, disabled: 0 },
    };

    const existingLocations = new Map(
      (await trx.selectFrom('locations').select(['id', 'key']).where('organization_id', '=', organizationId).execute()).map((r) => [r.key, r.id]),
    );
    const locationIds = new Map<string, number>();
    for (const l of config.locations) {
      const values = {
        name: l.name,
        external_key: l.externalKey ?? null,
        address: l.address ?? null,
        timezone: l.timezone ?? null,
        active: l.active,
      };
      const row = await trx
        .insertInto('locations')
        .values({ organization_id: organizationId, key: l.key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: new Date() }))
        .returning('id')
        .executeTakeFirstOrThrow();
      locationIds.set(l.key, row.id);
      report.locations[existingLocations.has(l.key) ? 'updated' : 'created']++;
    }
    for (const [key, id] of existingLocations) {
      if (!locationIds.has(key)) {
        await trx.updateTable('locations').set({ active: false, updated_at: new Date() }).where('id', '=', id).execute();
        report.locations.deactivated++;
      }
    }

    const existingPeople = new Map(
      (await trx.selectFrom('people').select(['id', 'key', 'active_to']).where('organization_id', '=', organizationId).execute()).map((r) => [r.key, r]),
    );
    const personIds = new Map<string, number>();
    for (const p of config.people) {
      const [first, ...rest] = p.name.split(/\s+/);
      const values = {
        display_name: p.name,
        first_name: first ?? null,
        last_name: rest.length ? rest.join(' ') : null,
        aliases: JSON.stringify(p.aliases),
        location_id: p.location ? locationIds.get(p.location)! : null,
        team: p.team ?? null,
        role_title: p.title ?? null,
        external_key: p.externalKey ?? null,
        active_from: p.activeFrom ?? null,
        active_to: p.activeTo ?? null,
      };
      const row = await trx
        .insertInto('people')
        .values({ organization_id: organizationId, key: p.key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: new Date() }))
        .returning('id')
        .executeTakeFirstOrThrow();
      personIds.set(p.key, row.id);
      report.people[existingPeople.has(p.key) ? 'updated' : 'created']++;
    }
    // Managers in a second pass: a manager may be listed after their people.
    for (const p of config.people) {
      await trx
        .updateTable('people')
        .set({ manager_id: p.manager ? personIds.get(p.manager)! : null })
        .where('id', '=', personIds.get(p.key)!)
        .execute();
    }
    const todayIso = today.toISOString().slice(0, 10);
    for (const [key, row] of existingPeople) {
      if (!personIds.has(key) && !row.active_to) {
        await trx.updateTable('people').set({ active_to: todayIso, updated_at: new Date() }).where('id', '=', row.id).execute();
        report.people.deactivated++;
      }
    }

    const wanted: { entity: { kind: EntityKind; key: string; locationId: number | null; personId: number | null }; target: TargetConfig }[] = [];
    for (const t of config.company.targets) wanted.push({ entity: { kind: 'company', key: config.company.key, locationId: null, personId: null }, target: t });
    for (const l of config.locations)
      for (const t of l.targets) wanted.push({ entity: { kind: 'location', key: l.key, locationId: locationIds.get(l.key)!, personId: null }, target: t });
    for (const p of config.people)
      for (const t of p.targets)
        wanted.push({
          entity: { kind: 'person', key: p.key, locationId: p.location ? locationIds.get(p.location)! : null, personId: personIds.get(p.key)! },
          target: t,
        });

    const existingTargets = new Map(
      (await trx.selectFrom('targets').select(['id', 'key']).where('organization_id', '=', organizationId).execute()).map((r) => [r.key, r.id]),
    );
    const keptTargets = new Set<string>();
    for (const { entity, target } of wanted) {
      const key = target.key ?? `${entity.key}:${target.source}`;
      keptTargets.add(key);
      const needsBrowser = target.options.browser === true;
      const sourceId = await ensureSource(trx, target.source, sourceLabel(target.source), needsBrowser && target.source !== 'schema-org');
      const values = {
        source_id: sourceId,
        url: target.url,
        entity_kind: entity.kind,
        organization_id: organizationId,
        location_id: entity.locationId,
        person_id: entity.personId,
        schedule: target.schedule ?? null,
        options: JSON.stringify(target.options),
        enabled: target.enabled,
      };
      await trx
        .insertInto('targets')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: new Date() }))
        .execute();
      report.targets[existingTargets.has(key) ? 'updated' : 'created']++;
    }
    for (const [key, id] of existingTargets) {
      if (!keptTargets.has(key)) {
        await trx.updateTable('targets').set({ enabled: false, updated_at: new Date() }).where('id', '=', id).execute();
        report.targets.disabled++;
      }
    }
    return report;
  });
}
