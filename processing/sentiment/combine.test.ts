import { describe, expect, it } from 'vitest';
import { combineRatingAndText, DEFAULT_BLEND_WEIGHTS } from './combine';

describe('combineRatingAndText', () => {
  it('maps stars to −1…1 and blends with the default 0.6/0.4 weights', () => {
    // 5★ → r = 1; text 0.5: 0.6·1 + 0.4·0.5 = 0.8
    const b = combineRatingAndText(1, 0.5);
    expect(b.score).toBeCloseTo(0.8, 10);
    expect(b.rating).toEqual({ value: 1, weight: 0.6, contribution: 0.6 });
    expect(b.text.contribution).toBeCloseTo(0.2, 10);
    expect(b.disagreement).toBe(false);
    expect(b.formula).toMatch(/wr·r \+ wt·t/);
  });

  it('uses whichever part is present, alone', () => {
    expect(combineRatingAndText(0.75, null)).toMatchObject({ score: 0.5, rating: { weight: 1 }, text: { value: null, weight: 0 } });
    expect(combineRatingAndText(null, -0.4)).toMatchObject({ score: -0.4, text: { weight: 1 } });
    expect(combineRatingAndText(null, null).score).toBeNull();
    expect(combineRatingAndText(Number.NaN, undefined as unknown as null).score).toBeNull();
  });

  it('leaves text with no opinion words (score exactly 0) out, unless told otherwise', () => {
    expect(combineRatingAndText(1, 0).score).toBe(1);
    expect(combineRatingAndText(1, 0, DEFAULT_BLEND_WEIGHTS, { ignoreNeutralText: false }).score).toBeCloseTo(0.6, 10);
  });

  it('flags a rating and a text that clearly disagree', () => {
    const b = combineRatingAndText(1, -0.6);
    expect(b.disagreement).toBe(true);
    expect(b.score).toBeCloseTo(0.36, 10);
  });

  it('accepts other weights and clamps out-of-range inputs', () => {
    expect(combineRatingAndText(0, 1, { rating: 1, text: 3 }).score).toBeCloseTo(0.5, 10);
    expect(combineRatingAndText(1.4, 2).score).toBe(1);
    expect(() => combineRatingAndText(1, 1, { rating: -1, text: 1 })).toThrow(RangeError);
  });
});
