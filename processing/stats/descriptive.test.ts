import { describe, expect, it } from 'vitest';
import { median, percentile } from './descriptive';

describe('median and percentile', () => {
  it('median ignores missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, null, 3, 2, NaN, undefined])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(median([null])).toBeNull();
  });
  it('percentile interpolates between order statistics', () => {
    // 25th of 1,2,3,4: position 0.25·3 = 0.75 → 1 + 0.75·(2 − 1) = 1.75
    expect(percentile([4, 3, 2, 1], 25)).toBeCloseTo(1.75, 12);
    expect(percentile([1, 2, 3, 4, 5], 90)).toBeCloseTo(4.6, 12);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 100)).toBe(3);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
