import { describe, expect, it } from 'vitest';
import { isSignificantDrop } from './drop';

describe('isSignificantDrop', () => {
  it('hand example: five reviews averaging 3.0 against a 4.5 baseline', () => {
    // se = 1.0·√(1/5 + 1/100) = √0.21 = 0.458258; z = (3.0 − 4.5)/0.458258 = −3.273268
    // p = Φ(−3.273268) = 0.000531 < 0.01 → drop
    const r = isSignificantDrop({ baselineMean: 4.5, baselineSd: 1.0, baselineN: 100, recentSum: 15, recentN: 5 });
    expect(r.z).toBeCloseTo(-3.273268, 5);
    expect(r.p).toBeCloseTo(0.000531, 5);
    expect(r.drop).toBe(true);
    expect(r.recentMean).toBe(3);
  });

  it('one bad review at a quiet location does not alert', () => {
    const r = isSignificantDrop({ baselineMean: 4.5, baselineSd: 1.0, baselineN: 12, recentSum: 1, recentN: 1 });
    expect(r.drop).toBe(false);
    expect(r.reason).toBe('too-few-recent');
    expect(r.z).toBeLessThan(0); // still reported for context
  });

  it('volume matters: the same dip is significant with more reviews', () => {
    const base = { baselineMean: 4.5, baselineSd: 1.1, baselineN: 200 };
    const few = isSignificantDrop({ ...base, recentSum: 4.0 * 3, recentN: 3 });
    const many = isSignificantDrop({ ...base, recentSum: 4.0 * 60, recentN: 60 });
    expect(few.drop).toBe(false);
    expect(many.drop).toBe(true);
    expect(many.p!).toBeLessThan(few.p!);
  });

  it('an improvement is never a drop', () => {
    const r = isSignificantDrop({ baselineMean: 3.5, baselineSd: 1, baselineN: 50, recentSum: 50, recentN: 10 });
    expect(r.drop).toBe(false);
    expect(r.z).toBeGreaterThan(0);
    expect(r.p).toBeGreaterThan(0.99);
  });

  it('a near-zero baseline sd is floored', () => {
    // sd floored to 0.75: se = 0.75·√(1/3 + 1/50) = 0.445814; z = (4.667 − 5)/0.445814 = −0.747
    const r = isSignificantDrop({ baselineMean: 5, baselineSd: 0, baselineN: 50, recentSum: 14, recentN: 3 });
    expect(r.z).toBeCloseTo(-0.33333 / 0.445814, 3);
    expect(r.drop).toBe(false);
  });

  it('alpha is a parameter', () => {
    const input = { baselineMean: 4.5, baselineSd: 1, baselineN: 100, recentSum: 4 * 20, recentN: 20 };
    // se = √(1/20 + 1/100) = 0.244949; z = −2.041241; p = 0.020613
    expect(isSignificantDrop(input).drop).toBe(false);
    expect(isSignificantDrop({ ...input, alpha: 0.05 }).drop).toBe(true);
    expect(isSignificantDrop(input).p).toBeCloseTo(0.020613, 5);
  });

  it('nothing to test', () => {
    expect(isSignificantDrop({ baselineMean: 4, baselineSd: 1, baselineN: 10, recentSum: 0, recentN: 0 })).toMatchObject({
      drop: false,
      z: null,
      reason: 'no-recent',
    });
    expect(isSignificantDrop({ baselineMean: NaN, baselineSd: 1, baselineN: 0, recentSum: 9, recentN: 3 })).toMatchObject({
      drop: false,
      reason: 'no-baseline',
      recentMean: 3,
    });
  });
});
