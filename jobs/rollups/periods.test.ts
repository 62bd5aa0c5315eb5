import { describe, expect, it } from 'vitest';
import { cellRange, cellsForInstant, isPeriodStart, r90Months } from './periods';

describe('periods', () => {
  it('cuts weeks on Monday, months and quarters on the 1st, in UTC', () => {
    // Sunday 2026-03-01 23:30 UTC is still in the week that began Monday 2026-02-23.
    const cells = cellsForInstant(new Date('2026-03-01T23:30:00Z'));
    expect(cells.slice(0, 3)).toEqual([
      { periodKind: 'week', periodStart: '2026-02-23' },
      { periodKind: 'month', periodStart: '2026-03-01' },
      { periodKind: 'quarter', periodStart: '2026-01-01' },
    ]);
  });

  it('puts an instant in every r90 window (90 days ending at a month end) that contains it', () => {
    const t = new Date('2026-01-31T12:00:00Z');
    const months = r90Months(t).map((d) => d.toISOString().slice(0, 10));
    expect(months).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    for (const m of months) {
      const { from, to } = cellRange('r90', m);
      expect(t >= from && t < to).toBe(true);
      expect((to.getTime() - from.getTime()) / 86_400_000).toBe(90);
    }
    // The window of May 2026 starts 2026-03-03: the instant is no longer in it.
    expect(cellRange('r90', '2026-05-01').from.toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('knows valid period starts', () => {
    expect(isPeriodStart('week', '2026-02-23')).toBe(true);
    expect(isPeriodStart('week', '2026-02-24')).toBe(false);
    expect(isPeriodStart('quarter', '2026-04-01')).toBe(true);
    expect(isPeriodStart('quarter', '2026-05-01')).toBe(false);
    expect(isPeriodStart('month', '2026-02-30')).toBe(false);
  });
});
