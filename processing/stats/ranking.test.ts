import { describe, expect, it } from 'vitest';
import { rankWithMinimum } from './ranking';

const items = [
  { id: 'ana', n: 12, shrunk: 4.51 },
  { id: 'ben', n: 3, shrunk: 4.95 },
  { id: 'cy', n: 40, shrunk: 4.7 },
  { id: 'dee', n: 8, shrunk: 4.51 },
  { id: 'eli', n: 20, shrunk: 4.51 },
  { id: 'fay', n: 5, shrunk: 3.9 },
];

describe('rankWithMinimum', () => {
  it('ranks by shrunk value with competition ranks and keeps small samples apart', () => {
    const { ranked, notEnoughReviews } = rankWithMinimum(items, { minCount: 5 });
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['cy', 1],
      ['eli', 2], // tie: more reviews listed first
      ['ana', 2],
      ['dee', 2],
      ['fay', 5],
    ]);
    expect(notEnoughReviews.map((r) => r.id)).toEqual(['ben']);
  });

  it('tieDecimals makes values that display alike tie', () => {
    const { ranked } = rankWithMinimum(
      [
        { id: 'a', n: 9, shrunk: 4.531 },
        { id: 'b', n: 9, shrunk: 4.529 },
      ],
      { minCount: 1, tieDecimals: 2 },
    );
    expect(ranked.map((r) => r.rank)).toEqual([1, 1]);
    const exact = rankWithMinimum([{ id: 'a', n: 9, shrunk: 4.531 }, { id: 'b', n: 9, shrunk: 4.529 }], { minCount: 1 });
    expect(exact.ranked.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('empty input, everyone below minimum, and non-finite values', () => {
    expect(rankWithMinimum([], { minCount: 5 })).toEqual({ ranked: [], notEnoughReviews: [] });
    const all = rankWithMinimum(items, { minCount: 100 });
    expect(all.ranked).toEqual([]);
    expect(all.notEnoughReviews).toHaveLength(items.length);
    const nan = rankWithMinimum([{ id: 'x', n: 10, shrunk: NaN }], { minCount: 1 });
    expect(nan.notEnoughReviews).toHaveLength(1);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(items);
    rankWithMinimum(items, { minCount: 5 });
    expect(items).toEqual(copy);
  });
});
