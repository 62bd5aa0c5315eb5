import { describe, expect, it } from 'vitest';
import { medianOfSorted, selectInPlace } from './medians';
import { seededRandom } from '../../core/rng';

describe('medianOfSorted', () => {
  it('returns null with no values and the value itself with one', () => {
    expect(medianOfSorted([])).toBeNull();
    expect(medianOfSorted([new Float64Array(0), new Float64Array(0)])).toBeNull();
    expect(medianOfSorted([new Float64Array([3.5])])).toBe(3.5);
    expect(medianOfSorted([new Float64Array([1, 9]), new Float64Array([2])])).toBe(2);
    expect(medianOfSorted([new Float64Array([1]), new Float64Array([2])])).toBe(1.5);
  });

  it('reads a lone array in place and merges several', () => {
    expect(medianOfSorted([new Float64Array(0), new Float64Array([1, 2, 3, 40])])).toBe(2.5);
    expect(medianOfSorted([new Float64Array([5, 6]), new Float64Array([1, 2, 3])])).toBe(3);
  });
});

describe('selectInPlace', () => {
  it('puts the k-th order statistic at k, smaller values before it and larger after, on sorted, reversed, constant and random input', () => {
    const next = seededRandom(7);
    const inputs = [
      Array.from({ length: 101 }, (_, i) => i),
      Array.from({ length: 100 }, (_, i) => 100 - i),
      Array.from({ length: 50 }, () => 4),
      Array.from({ length: 1000 }, () => Math.floor(next() * 50) / 7),
      [2, 1],
    ];
    for (const input of inputs) {
      const sorted = [...input].sort((a, b) => a - b);
      for (const k of [0, 1, input.length >> 1, input.length - 1]) {
        const a = Float64Array.from(input);
        selectInPlace(a, k);
        expect(a[k]).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]! <= a[k]!).toBe(true);
        for (let i = k + 1; i < a.length; i++) expect(a[i]! >= a[k]!).toBe(true);
      }
    }
  });
});
