import { sql, type Kysely } from 'kysely';
import type { Database, EntityKind } from '../types';

/**
 * Alerts for the API. An alert is about a company, location, person or a
 * target (a review profile); for access checks and filters a target alert
 * belongs to the target's entity.
 */
type Db = Kysely<Database>;

export type AlertState = 'open' | 'acknowledged' | 'muted' | 'all';

export interface AlertRow {
  id: number;
  rule: string;
  entity_kind: string;
  entity_id: number;
  severity: string;
  title: string;
  detail: Record<string, unknown>;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  muted_until: Date | null;
  delivered_at: Date | null;
  /** The entity the alert is about, with targets resolved to their entity. */
  owner_kind: EntityKind;
  owner_id: number;
  owner_location_id: number | null;
  owner_team: string | null;
}

const base = sql`
  select x.* from (
    select a.id, a.rule, a.entity_kind, a.entity_id, a.severity, a.title, a.detail, a.created_at, a.acknowledged_at, a.acknowledged_by,
      a.muted_until, a.delivered_at,
      coalesce(t.entity_kind, a.entity_kind) as owner_kind,
      case when a.entity_kind = 'target' then (case t.entity_kind when 'company' then t.organization_id when 'location' then t.location_id else t.person_id end)
           else a.entity_id end as owner_id,
      case when a.entity_kind = 'location' then a.entity_id when a.entity_kind = 'person' then p.location_id
           when a.entity_kind = 'target' then coalesce(t.location_id, tp.location_id) end as owner_location_id,
      coalesce(p.team, tp.team) as owner_team,
      coalesce(t.organization_id, l.organization_id, p.organization_id, case when a.entity_kind = 'company' then a.entity_id end) as organization_id
    from alerts a
    left join targets t on a.entity_kind = 'target' and t.id = a.entity_id
    left join people tp on tp.id = t.person_id
    left join people p on a.entity_kind = 'person' and p.id = a.entity_id
    left join locations l on a.entity_kind = 'location' and l.id = a.entity_id
  ) x`;

export async function listAlerts(
  db: Db,
  f: { entity: { kind: EntityKind; id: number }; state: AlertState; severity?: string; rule?: string; now: Date; beforeId?: number; limit: number },
): Promise<AlertRow[]> {
  const where = [
    f.entity.kind === 'company'
      ? sql`x.organization_id = ${f.entity.id}`
      : f.entity.kind === 'location'
        ? sql`x.owner_location_id = ${f.entity.id}`
        : sql`x.owner_kind = 'person' and x.owner_id = ${f.entity.id}`,
  ];
  const now = f.now.toISOString();
  if (f.state === 'open') where.push(sql`x.acknowledged_at is null and (x.muted_until is null or x.muted_until <= ${now})`);
  if (f.state === 'acknowledged') where.push(sql`x.acknowledged_at is not null`);
  if (f.state === 'muted') where.push(sql`x.muted_until > ${now}`);
  if (f.severity) where.push(sql`x.severity = ${f.severity}`);
  if (f.rule) where.push(sql`x.rule = ${f.rule}`);
  if (f.beforeId !== undefined) where.push(sql`x.id < ${f.beforeId}`);
  const result = await sql<AlertRow>`${base} where ${sql.join(where, sql` and `)} order by x.id desc limit ${f.limit + 1}`.execute(db);
  return result.rows;
}

export async function getAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  const result = await sql<AlertRow>`${base} where x.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function acknowledgeAlert(db: Db, id: number, by: string, at: Date): Promise<void> {
  await db.updateTable('alerts').set({ acknowledged_at: at, acknowledged_by: by }).where('id', '=', id).where('acknowledged_at', 'is', null).execute();
}

export async function muteAlert(db: Db, id: number, until: Date | null): Promise<void> {
  await db.updateTable('alerts').set({ muted_until: until }).where('id', '=', id).execute();
}
