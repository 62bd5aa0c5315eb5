import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/types';
import type { CellRef } from './aggregate';
import { cellsForInstant } from './periods';
import { cellKey } from './types';

/**
 * Which rollup cells a review feeds: its company, its location, the person
 * whose profile it is on and everyone attributed to it (any status: a decision
 * moving from pending to rejected changes that person's cells too), in every
 * period containing its instant. The processing job uses this for the reviews
 * it processed; the API (attribution decisions) and the crawler (removals) use
 * cellsForReviews for reviews they changed, then call refreshRollups.
 */
export interface ReviewFootprint {
  organizationId: number;
  locationId: number | null;
  /** Profile owner and attributed people. */
  personIds: Iterable<number>;
  /** published_at, else first_seen_at. */
  instant: Date;
}

const DAY_MS = 86_400_000;

/**
 * Collects touched cells. Reviews are recorded as (entity, UTC day) first —
 * thousands of reviews share a few days — and expanded to period cells once,
 * in toArray().
 */
export class TouchedCells {
  private readonly days = new Set<string>();
  private readonly extra = new Map<string, CellRef>();

  addReview(r: ReviewFootprint): void {
    const day = Math.floor(r.instant.getTime() / DAY_MS);
    this.days.add(`company|${r.organizationId}|${day}`);
    if (r.locationId !== null) this.days.add(`location|${r.locationId}|${day}`);
    for (const p of r.personIds) this.days.add(`person|${p}|${day}`);
  }

  add(cell: CellRef): void {
    this.extra.set(cellKey(cell), cell);
  }

  merge(other: TouchedCells): void {
    for (const d of other.days) this.days.add(d);
    for (const [k, c] of other.extra) this.extra.set(k, c);
  }

  toArray(): CellRef[] {
    const out = new Map(this.extra);
    const periodsOfDay = new Map<string, ReturnType<typeof cellsForInstant>>();
    for (const key of this.days) {
      const [kind, id, day] = key.split('|') as [CellRef['entityKind'], string, string];
      let periods = periodsOfDay.get(day);
      if (!periods) {
        periods = cellsForInstant(new Date(Number(day) * DAY_MS));
        periodsOfDay.set(day, periods);
      }
      for (const p of periods) {
        const cell = { entityKind: kind, entityId: Number(id), ...p };
        out.set(cellKey(cell), cell);
      }
    }
    return [...out.values()];
  }
}

export async function cellsForReviews(db: Kysely<Database> | Transaction<Database>, reviewIds: readonly number[]): Promise<CellRef[]> {
  const touched = new TouchedCells();
  if (reviewIds.length === 0) return [];
  const { rows } = await sql<{ id: number; organization_id: number; location_id: number | null; person_id: number | null; instant: Date; people: number[] | null }>`
    select r.id, r.organization_id, r.location_id, r.person_id, coalesce(r.published_at, r.first_seen_at) as instant,
      (select array_agg(a.person_id) from attributions a where a.review_id = r.id) as people
    from reviews r where r.id = any(${[...reviewIds]}::bigint[])
  `.execute(db);
  for (const r of rows) {
    const people = new Set<number>(r.people ?? []);
    if (r.person_id !== null) people.add(r.person_id);
    touched.addReview({ organizationId: r.organization_id, locationId: r.location_id, personIds: people, instant: new Date(r.instant) });
  }
  return touched.toArray();
}
