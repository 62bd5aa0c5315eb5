import { describe, expect, it } from 'vitest';
import { segmentCells } from './aggregate';
import { cellRange, cellsForInstant, isoDate } from './periods';

const DAY = 86_400_000;

describe('segmentCells', () => {
  it("covers each cell with whole segments that never overlap, one entity's days apart from another's", () => {
    // The cells a batch of October reviews touches, for a location and a person.
    const days = ['2026-10-01', '2026-10-14', '2026-10-31'];
    const cells = (['location', 'person'] as const).flatMap((k, n) =>
      [...new Map(days.flatMap((d) => cellsForInstant(new Date(`${d}T00:00:00Z`))).map((c) => [`${c.periodKind}|${c.periodStart}`, c])).values()].map((c) => {
        const r = cellRange(c.periodKind, c.periodStart);
        return { k, e: 7 + n, lo_d: isoDate(r.from), hi_d: isoDate(r.to) };
      }),
    );
    const spans = cells.map((c, i) => ({ i, ...c }));
    const { segments, cellSegments } = segmentCells(spans);
    for (const k of ['location', 'person']) {
      const mine = segments.filter((s) => s.k === k).sort((a, b) => a.lo_d.localeCompare(b.lo_d));
      // Disjoint and in order.
      for (let j = 1; j < mine.length; j++) expect(mine[j - 1]!.hi_d <= mine[j]!.lo_d).toBe(true);
    }
    for (const c of spans) {
      const own = cellSegments.filter((p) => p.i === c.i).map((p) => segments[p.s]!);
      expect(own.every((s) => s.k === c.k && s.e === c.e)).toBe(true);
      // Day by day, the cell's segments hold exactly the cell's days.
      const covered = own.reduce((n, s) => n + (Date.parse(s.hi_d) - Date.parse(s.lo_d)) / DAY, 0);
      expect(covered).toBe((Date.parse(c.hi_d) - Date.parse(c.lo_d)) / DAY);
      expect(own.every((s) => c.lo_d <= s.lo_d && s.hi_d <= c.hi_d)).toBe(true);
    }
    // Fewer segments than cells × days: the point of it.
    expect(segments.length).toBeLessThan(spans.length * 4);
  });

  it('leaves a gap between two cells unread', () => {
    const { segments } = segmentCells([
      { i: 0, k: 'company', e: 1, lo_d: '2026-01-05', hi_d: '2026-01-12' },
      { i: 1, k: 'company', e: 1, lo_d: '2026-03-02', hi_d: '2026-03-09' },
    ]);
    expect(segments.map((s) => [s.lo_d, s.hi_d])).toEqual([
      ['2026-01-05', '2026-01-12'],
      ['2026-03-02', '2026-03-09'],
    ]);
  });
});
