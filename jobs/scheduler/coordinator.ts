import { sql, type Kysely } from 'kysely';
import type { RunCoordinator } from 'node-cron';
import type { Database } from '../../db/types';

/**
 * Exactly-once schedule slots across any number of scheduler instances.
 * node-cron's distributed mode asks the coordinator before each fire with a
 * key of task name + fire time; the first instance to insert that key into
 * schedule_slots owns the slot, every other insert hits the primary key and
 * does nothing. Works on PostgreSQL and PGlite alike.
 *
 * Keys are normalised to the schedule's resolution: the whole minute for the
 * usual five-field crons (so instances whose clocks disagree by a few seconds
 * still agree on the slot), the whole second for six-field ones (tests and
 * compressed schedules fire several times a minute).
 */
export type SlotGranularity = 'minute' | 'second';

export function cronGranularity(expression: string): SlotGranularity {
  return expression.trim().split(/\s+/).length >= 6 ? 'second' : 'minute';
}

export function slotTime(at: Date, granularity: SlotGranularity): Date {
  const unit = granularity === 'minute' ? 60_000 : 1000;
  // Rounded, not floored: a fire a few hundred ms early or late still names its own slot.
  return new Date(Math.round(at.getTime() / unit) * unit);
}

export function slotKey(name: string, at: Date, granularity: SlotGranularity): string {
  return `${name}|${slotTime(at, granularity).toISOString()}`;
}

/** node-cron's key is "<name>:<ISO time>"; the name may itself contain colons. */
export function normaliseCronKey(key: string, granularity: SlotGranularity): string {
  const m = key.match(/^(.*):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)$/);
  if (!m) return key;
  return slotKey(m[1]!, new Date(m[2]!), granularity);
}

export class SlotCoordinator implements RunCoordinator {
  /** Slots this instance claimed (for logs and tests). */
  readonly claimed: string[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly owner: string,
    private readonly granularity: SlotGranularity,
  ) {}

  async shouldRun(key: string): Promise<boolean> {
    const slot = normaliseCronKey(key, this.granularity);
    const rows = await this.db
      .insertInto('schedule_slots')
      .values({ slot_key: slot, claimed_by: this.owner })
      .onConflict((oc) => oc.column('slot_key').doNothing())
      .returning('slot_key')
      .execute();
    if (rows.length) this.claimed.push(slot);
    return rows.length === 1;
  }
}

/** Claimed slots are only needed while instances might still race for them; keep a week for inspection. */
export async function pruneSlots(db: Kysely<Database>, olderThanDays = 7): Promise<number> {
  const res = await db
    .deleteFrom('schedule_slots')
    .where('claimed_at', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
