import { describe, expect, it } from 'vitest';
import { bestLag, gapList, pearson, spearman } from './correlation';

describe('pearson', () => {
  it('hand example', () => {
    // x = 1..5, y = 2,4,5,4,5. Deviations dx = −2,−1,0,1,2; dy = −2,0,1,0,1
    // Σdx·dy = 6, Σdx² = 10, Σdy² = 6 → r = 6/√60 = 0.774597
    // t = r·√(3/(1 − 0.6)) = 2.121320, df 3 → p = 0.124027
    // Fisher: z = atanh(r) = 1.031718, se = 1/√2 → tanh(z ∓ 1.959964·0.707107) = [−0.340082, 0.984236]
    const res = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(res.n).toBe(5);
    expect(res.r).toBeCloseTo(0.774597, 6);
    expect(res.p).toBeCloseTo(0.124027, 5);
    expect(res.ci?.[0]).toBeCloseTo(-0.340082, 5);
    expect(res.ci?.[1]).toBeCloseTo(0.984236, 5);
  });

  it('drops incomplete pairs', () => {
    const res = pearson([1, null, 2, 3, NaN, 4, 5, undefined], [2, 7, 4, 5, 1, 4, 5, 3]);
    expect(res.n).toBe(5);
    expect(res.r).toBeCloseTo(0.774597, 6);
  });

  it('n < 4 gives no interval; n < 3 no r', () => {
    const three = pearson([1, 2, 3], [1, 3, 2]);
    // r = 0.5 (dx = −1,0,1; dy = −1,1,0 → 1/√(2·2)); t = 0.5·√(1/0.75) = 0.57735, df 1 → p = 1 − (2/π)atan(0.57735) = 2/3
    expect(three.r).toBeCloseTo(0.5, 10);
    expect(three.ci).toBeNull();
    expect(three.p).toBeCloseTo(2 / 3, 6);
    expect(pearson([1, 2], [3, 4])).toEqual({ r: null, n: 2, ci: null, p: null });
    expect(pearson([], [])).toEqual({ r: null, n: 0, ci: null, p: null });
  });

  it('constant series → r null', () => {
    expect(pearson([1, 2, 3, 4], [3, 3, 3, 3]).r).toBeNull();
    expect(spearman([2, 2, 2, 2], [1, 2, 3, 4]).r).toBeNull();
  });

  it('perfect correlation: p = 0 and a degenerate interval', () => {
    const res = pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(res.r).toBeCloseTo(1, 12);
    expect(res.p).toBeLessThan(1e-12);
    expect(res.ci?.[0]).toBeCloseTo(1, 6);
  });

  it('rejects series of different lengths', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('spearman', () => {
  it('hand example', () => {
    // ranks already 1..6; d = 0,−1,1,−1,1,0 → Σd² = 4 → ρ = 1 − 6·4/(6·35) = 0.885714
    // t = ρ·√(4/(1 − ρ²)) = 3.8214, df 4 → p = 0.018845
    // Fisher with variance 1.06/(n − 3): tanh(atanh(ρ) ∓ 1.959964·√(1.06/3)) = [0.232321, 0.988277]
    const res = spearman([1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 4, 6]);
    expect(res.r).toBeCloseTo(0.885714, 6);
    expect(res.p).toBeCloseTo(0.018845, 5);
    expect(res.ci?.[0]).toBeCloseTo(0.232321, 5);
    expect(res.ci?.[1]).toBeCloseTo(0.988277, 5);
  });

  it('is rank-based: monotone but non-linear data gives 1', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 250]).r).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4, 5], [1, 4, 9, 16, 250]).r).toBeLessThan(0.9);
  });

  it('handles ties with average ranks', () => {
    const res = spearman([1, 2, 2, 3], [1, 2, 3, 4]);
    // x ranks 1, 2.5, 2.5, 4 vs 1..4: Pearson of ranks = 4.5/√(4.5·5) = 0.948683
    expect(res.r).toBeCloseTo(0.948683, 6);
  });
});

describe('bestLag', () => {
  // y follows x two periods later.
  const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
  const y = [0, 0, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

  it('finds that x leads y by 2 periods', () => {
    const res = bestLag(x, y, 3);
    expect(res.lag).toBe(2);
    expect(res.r).toBeCloseTo(1, 10);
    expect(res.n).toBe(10);
    expect(res.table.map((t) => t.lag)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(res.table.find((t) => t.lag === 0)?.n).toBe(12);
    expect(res.table.find((t) => t.lag === -3)?.n).toBe(9);
  });

  it('negative lag when y leads x', () => {
    expect(bestLag(y, x, 3).lag).toBe(-2);
  });

  it('ignores lags with too few pairs and handles missing values', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    const res = bestLag(a, b, 4, { minN: 4 });
    for (const row of res.table) if (Math.abs(row.lag) >= 2) expect(row.n).toBeLessThan(4);
    expect([-1, 0, 1]).toContain(res.lag);
    const gaps = bestLag([1, null, 3, 4, 5, 6], [1, 2, null, 4, 5, 6], 0);
    expect(gaps.table[0]?.n).toBe(4);
  });

  it('no qualifying lag → null', () => {
    expect(bestLag([1, 2], [2, 1], 1)).toMatchObject({ lag: null, r: null, n: 0 });
    expect(() => bestLag([1], [1, 2], 1)).toThrow(RangeError);
    expect(() => bestLag([1], [1], -1)).toThrow(RangeError);
  });

  it('supports spearman', () => {
    const res = bestLag(x, y.map((v) => v ** 3), 3, { method: 'spearman' });
    expect(res.lag).toBe(2);
    expect(res.r).toBeCloseTo(1, 10);
  });
});

describe('gapList', () => {
  it('hand example: z-scores and gaps in both directions', () => {
    // reputation 4.0, 4.5, 5.0 → mean 4.5, sd 0.5 → z −1, 0, 1
    // cx 70, 90, 80 → mean 80, sd 10 → z −1, 1, 0
    // gap = zRep − zCx → a: 0, b: −1, c: +1
    const res = gapList([
      { id: 'a', reputation: 4.0, cx: 70 },
      { id: 'b', reputation: 4.5, cx: 90 },
      { id: 'c', reputation: 5.0, cx: 80 },
      { id: 'd', reputation: null, cx: 60 },
    ]);
    expect(res.items.map((i) => [i.id, i.gap])).toEqual([
      ['c', 1],
      ['a', 0],
      ['b', -1],
    ]);
    expect(res.reputationAhead.map((i) => i.id)).toEqual(['c']);
    expect(res.cxAhead.map((i) => i.id)).toEqual(['b']);
    expect(res.excluded).toEqual(['d']);
    expect(res.items[0]).toMatchObject({ zReputation: 1, zCx: 0 });
  });

  it('most negative gap first in cxAhead', () => {
    const res = gapList([
      { id: 'p', reputation: 1, cx: 3 },
      { id: 'q', reputation: 2, cx: 2 },
      { id: 'r', reputation: 3, cx: 1 },
      { id: 's', reputation: 2, cx: 2.5 },
    ]);
    expect(res.cxAhead[0]?.id).toBe('p');
    expect(res.reputationAhead[0]?.id).toBe('r');
  });

  it('no spread or a single entity → z = 0', () => {
    expect(gapList([{ id: 'solo', reputation: 4, cx: 50 }]).items[0]).toMatchObject({ zReputation: 0, zCx: 0, gap: 0 });
    const flat = gapList([
      { id: 'a', reputation: 4, cx: 10 },
      { id: 'b', reputation: 4, cx: 20 },
    ]);
    expect(flat.items.map((i) => i.zReputation)).toEqual([0, 0]);
    expect(gapList([])).toEqual({ items: [], reputationAhead: [], cxAhead: [], excluded: [] });
  });
});
