import { describe, expect, it } from 'vitest';
import { planCells } from './aggregate';
import { cellThemes, type SegmentThemeRow } from './themes';

describe('cellThemes', () => {
  it("adds up each cell's segments per source, for all sources without removed reviews, and with them", () => {
    // A week inside a month: the month's segments include the week's.
    const plan = planCells([
      { entityKind: 'location', entityId: 3, periodKind: 'week', periodStart: '2026-10-12' },
      { entityKind: 'location', entityId: 3, periodKind: 'month', periodStart: '2026-10-01' },
    ]);
    const week = plan.cellSegments.filter((c) => c.i === 0).map((c) => c.s);
    const monthOnly = plan.cellSegments.filter((c) => c.i === 1 && !week.includes(c.s)).map((c) => c.s);
    expect(week).toHaveLength(1);
    expect(monthOnly.length).toBeGreaterThan(0);
    const row = (s: number, source_key: string, removed: boolean, theme: string, n: number, p: number): SegmentThemeRow => ({ s, source_key, removed, theme, n, p });
    const themes = cellThemes(
      [
        row(week[0]!, 'google', false, 'staff', 2, 14_000),
        row(week[0]!, 'yelp', false, 'staff', 1, -3_000),
        row(week[0]!, 'yelp', true, 'wait-time', 1, -8_000),
        row(monthOnly[0]!, 'google', false, 'staff', 1, 7_000),
        row(monthOnly[0]!, 'google', false, 'price', 0, 0),
      ],
      plan,
    );
    const key = (pk: string, ps: string, source: string) => `location|3|${pk}|${ps}|${source}`;
    expect(themes.get(key('week', '2026-10-12', 'google'))).toEqual({ staff: { count: 2, polaritySum: 1.4 } });
    // Removed reviews count in '*+removed' only; a source whose reviews are all removed lists no theme.
    expect(themes.get(key('week', '2026-10-12', 'yelp'))).toEqual({ staff: { count: 1, polaritySum: -0.3 } });
    expect(themes.get(key('week', '2026-10-12', '*'))).toEqual({ staff: { count: 3, polaritySum: 1.1 } });
    expect(themes.get(key('week', '2026-10-12', '*+removed'))).toEqual({ staff: { count: 3, polaritySum: 1.1 }, 'wait-time': { count: 1, polaritySum: -0.8 } });
    // The month holds the week's segment and its own; a zero count is not listed.
    expect(themes.get(key('month', '2026-10-01', 'google'))).toEqual({ staff: { count: 3, polaritySum: 2.1 } });
    expect(themes.get(key('month', '2026-10-01', '*'))).toEqual({ staff: { count: 4, polaritySum: 1.8 } });
  });
});
