import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIOR_STRENGTH,
  DEFAULT_WITHIN_VARIANCE,
  PRIOR_STRENGTH_MAX,
  PRIOR_STRENGTH_MIN,
  estimatePriorStrength,
  shrinkRating,
} from './shrinkage';

describe('shrinkRating', () => {
  it('hand example: 5 reviews (5,5,5,4,4) toward a 4.2 location with k = 10', () => {
    // shrunk = (23 + 10·4.2) / (5 + 10) = 65/15 = 4.33333
    // sd = √(1.5 / 15) = √0.1 = 0.316228; half-width = 1.959964 · 0.316228 = 0.619795
    // interval = [3.713538, 4.953128]
    const r = shrinkRating({ sum: 23, n: 5, priorMean: 4.2, priorStrength: 10 });
    expect(r.raw).toBeCloseTo(4.6, 12);
    expect(r.shrunk).toBeCloseTo(4.333333, 6);
    expect(r.low).toBeCloseTo(3.713538, 5);
    expect(r.high).toBeCloseTo(4.953128, 5);
    expect(r).toMatchObject({ n: 5, priorMean: 4.2, priorStrength: 10 });
  });

  it('n = 0: the prior mean with the prior spread (clamped to the scale)', () => {
    // sd = √(1.5/10) = 0.387298; half = 0.759090 → [3.740910, 5.259 → 5]
    const r = shrinkRating({ sum: 0, n: 0, priorMean: 4.5, priorStrength: 10 });
    expect(r.raw).toBeNull();
    expect(r.shrunk).toBe(4.5);
    expect(r.low).toBeCloseTo(3.74091, 5);
    expect(r.high).toBe(5);
  });

  it('n = 1: one 1★ review is pulled most of the way back', () => {
    // (1 + 45) / 11 = 4.181818; sd = √(1.5/11) = 0.369274; half = 0.723764 → [3.458054, 4.905582]
    const r = shrinkRating({ sum: 1, n: 1, priorMean: 4.5, priorStrength: 10 });
    expect(r.raw).toBe(1);
    expect(r.shrunk).toBeCloseTo(4.181818, 6);
    expect(r.low).toBeCloseTo(3.458054, 5);
    expect(r.high).toBeCloseTo(4.905582, 5);
  });

  it('n = 2 with k = 0: the raw mean, interval from σ²/n', () => {
    // (4 + 5)/2 = 4.5; sd = √(1.5/2) = 0.866025; half = 1.697379 → [2.802621, 6.197 → 5]
    const r = shrinkRating({ sum: 9, n: 2, priorMean: 3, priorStrength: 0 });
    expect(r.shrunk).toBe(4.5);
    expect(r.low).toBeCloseTo(2.802621, 5);
    expect(r.high).toBe(5);
  });

  it('n = 0 and k = 0: nothing known, whole scale', () => {
    const r = shrinkRating({ sum: 0, n: 0, priorMean: 4, priorStrength: 0 });
    expect(r).toEqual({ raw: null, shrunk: 4, low: 1, high: 5, n: 0, priorMean: 4, priorStrength: 0 });
  });

  it('the interval narrows with more reviews and honours level and withinVariance', () => {
    const few = shrinkRating({ sum: 45, n: 10, priorMean: 4.5, priorStrength: 5 });
    const many = shrinkRating({ sum: 450, n: 100, priorMean: 4.5, priorStrength: 5 });
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
    const narrow = shrinkRating({ sum: 45, n: 10, priorMean: 4.5, priorStrength: 5, level: 0.8 });
    expect(narrow.high - narrow.low).toBeLessThan(few.high - few.low);
    const tight = shrinkRating({ sum: 30, n: 10, priorMean: 3, priorStrength: 5, withinVariance: 0.5 });
    // half = 1.959964 · √(0.5/15)
    expect(tight.high - tight.shrunk).toBeCloseTo(1.959964 * Math.sqrt(0.5 / 15), 5);
  });

  it('a large n dominates the prior', () => {
    const r = shrinkRating({ sum: 3 * 1000, n: 1000, priorMean: 4.5, priorStrength: 10 });
    expect(r.shrunk).toBeCloseTo((3000 + 45) / 1010, 10);
    expect(r.shrunk).toBeLessThan(3.02);
  });

  it('rejects impossible inputs', () => {
    expect(() => shrinkRating({ sum: 11, n: 2, priorMean: 4, priorStrength: 5 })).toThrow(RangeError);
    expect(() => shrinkRating({ sum: 1, n: 2, priorMean: 4, priorStrength: 5 })).toThrow(RangeError);
    expect(() => shrinkRating({ sum: 4, n: 1.5, priorMean: 4, priorStrength: 5 })).toThrow(RangeError);
    expect(() => shrinkRating({ sum: 4, n: 1, priorMean: 0, priorStrength: 5 })).toThrow(RangeError);
    expect(() => shrinkRating({ sum: 4, n: 1, priorMean: 4, priorStrength: -1 })).toThrow(RangeError);
    expect(() => shrinkRating({ sum: 4, n: 1, priorMean: 4, priorStrength: 5, withinVariance: 0 })).toThrow(RangeError);
  });
});

describe('estimatePriorStrength', () => {
  it('hand example: four groups of ten', () => {
    // means 4.8, 4.0, 4.4, 3.6 (grand 4.2); variances 0.4, 1.0, 0.7, 1.3
    // SSB = 10·(0.36 + 0.04 + 0.04 + 0.36) = 8; MSB = 8/3 = 2.666667
    // MSW = 9·(0.4 + 1.0 + 0.7 + 1.3) / 36 = 0.85
    // n0 = (40 − 400/40) / 3 = 10; τ² = (2.666667 − 0.85) / 10 = 0.181667
    // k = 0.85 / 0.181667 = 4.678899
    const est = estimatePriorStrength([
      { n: 10, mean: 4.8, variance: 0.4 },
      { n: 10, mean: 4.0, variance: 1.0 },
      { n: 10, mean: 4.4, variance: 0.7 },
      { n: 10, mean: 3.6, variance: 1.3 },
    ]);
    expect(est.method).toBe('moments');
    expect(est.withinVariance).toBeCloseTo(0.85, 10);
    expect(est.betweenVariance).toBeCloseTo(0.181667, 6);
    expect(est.priorStrength).toBeCloseTo(4.678899, 5);
    expect(est.note).toBeUndefined();
    expect(est).toMatchObject({ groups: 4, reviews: 40 });
  });

  it('identical groups: no detectable differences → maximum shrinkage', () => {
    const g = { n: 20, mean: 4.3, variance: 1.2 };
    const est = estimatePriorStrength([g, g, g, g, g]);
    expect(est.priorStrength).toBe(PRIOR_STRENGTH_MAX);
    expect(est.betweenVariance).toBeLessThanOrEqual(0);
  });

  it('very different groups clamp to the minimum', () => {
    const est = estimatePriorStrength([
      { n: 20, mean: 1.5, variance: 0.5 },
      { n: 20, mean: 4.9, variance: 0.1 },
      { n: 20, mean: 2.0, variance: 0.5 },
      { n: 20, mean: 4.8, variance: 0.2 },
    ]);
    expect(est.priorStrength).toBe(PRIOR_STRENGTH_MIN);
    expect(est.note).toMatch(/clamped/);
  });

  it('too little data → documented default', () => {
    const est = estimatePriorStrength([
      { n: 3, mean: 5 },
      { n: 2, mean: 3 },
    ]);
    expect(est).toMatchObject({ method: 'default', priorStrength: DEFAULT_PRIOR_STRENGTH, withinVariance: DEFAULT_WITHIN_VARIANCE, betweenVariance: null });
    expect(estimatePriorStrength([]).priorStrength).toBe(DEFAULT_PRIOR_STRENGTH);
    expect(estimatePriorStrength([], { defaultStrength: 7 }).priorStrength).toBe(7);
  });

  it('without variances uses the default σ² and ignores empty groups', () => {
    // means 5,4,5,4 with n = 10 each (plus an empty group): grand 4.5, SSB = 40·0.25 = 10, MSB = 10/3
    // σ² = 1.5 (default); n0 = 10; τ² = (3.333333 − 1.5)/10 = 0.183333; k = 8.181818
    const est = estimatePriorStrength([
      { n: 10, mean: 5 },
      { n: 10, mean: 4 },
      { n: 0, mean: NaN },
      { n: 10, mean: 5 },
      { n: 10, mean: 4 },
    ]);
    expect(est.groups).toBe(4);
    expect(est.priorStrength).toBeCloseTo(8.181818, 5);
  });
});
