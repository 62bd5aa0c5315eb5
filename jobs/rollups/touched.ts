import type { CellRef } from './aggregate';
import type { EntityDay } from './facts-sql';
import { cellsForInstant } from './periods';
import { cellKey } from './types';

/**
 * The reviews whose rollup inputs changed: processed (new or re-scored),
 * removed, or with an attribution decided. refreshRollups re-counts exactly
 * these (their old contribution out, their current one in), so a caller only
 * has to say which reviews it changed, not which cells they fed before and after.
 */
export class TouchedReviews {
  private readonly ids = new Set<number>();

  add(reviewId: number): void {
    this.ids.add(reviewId);
  }

  merge(other: TouchedReviews): void {
    for (const id of other.ids) this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }

  get isEmpty(): boolean {
    return this.ids.size === 0;
  }

  get reviewIds(): number[] {
    return [...this.ids];
  }
}

/** Every period cell holding one of these entity days. */
export function cellsOfEntityDays(days: readonly EntityDay[]): CellRef[] {
  const out = new Map<string, CellRef>();
  const periodsOfDay = new Map<string, ReturnType<typeof cellsForInstant>>();
  for (const d of days) {
    let periods = periodsOfDay.get(d.day);
    if (!periods) {
      periods = cellsForInstant(new Date(`${d.day}T00:00:00Z`));
      periodsOfDay.set(d.day, periods);
    }
    for (const p of periods) {
      const cell = { entityKind: d.entityKind, entityId: d.entityId, ...p };
      out.set(cellKey(cell), cell);
    }
  }
  return [...out.values()];
}
