import { describe, expect, it } from 'vitest';
import { REPUTATION_INDEX_FORMULAS, reputationWeightsSchema, resolveFormula } from './formulas';
import { computeReputationIndex, reputationIndexValue, volumeScore } from './reputation-index';

const v1 = resolveFormula({ version: '1' });
const full = { shrunkRating: 4.6, meanSentiment: 0.5, reviewsLast90d: 30, expectedVolume: 30, responseRate: 0.8 };

describe('computeReputationIndex', () => {
  it('hand example with all four components (v1 weights 0.5/0.2/0.15/0.15)', () => {
    // rating (4.6 − 1)/4 = 0.9 → 0.5·0.9 = 0.45
    // sentiment (0.5 + 1)/2 = 0.75 → 0.2·0.75 = 0.15
    // volume 1 − e^(−30/30) = 0.632121 → 0.15·0.632121 = 0.094818
    // response 0.8 → 0.15·0.8 = 0.12
    // total 0.814818 → 81.5
    const r = computeReputationIndex(full, v1);
    expect(r.value).toBe(81.5);
    expect(r.version).toBe('1');
    const byName = Object.fromEntries(r.components.map((c) => [c.name, c]));
    expect(byName.rating?.normalised).toBeCloseTo(0.9, 12);
    expect(byName.sentiment?.contribution).toBeCloseTo(15, 10);
    expect(byName.volume?.normalised).toBeCloseTo(0.632121, 6);
    expect(byName.response?.weight).toBe(0.15);
    expect(r.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(81.4818, 3);
  });

  it('re-normalises weights when responses are impossible', () => {
    // remaining 0.85: rating 0.588235·0.9 + sentiment 0.235294·0.75 + volume 0.176471·0.632121 = 0.817433 → 81.7
    const r = computeReputationIndex({ ...full, responseRate: null }, v1);
    expect(r.value).toBe(81.7);
    const response = r.components.find((c) => c.name === 'response');
    expect(response).toMatchObject({ normalised: null, weight: 0, contribution: 0, baseWeight: 0.15 });
    expect(r.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
  });

  it('no text → sentiment left out; no peer volume → volume left out', () => {
    const r = computeReputationIndex({ ...full, meanSentiment: null, expectedVolume: 0 }, v1);
    // rating 0.5/0.65·0.9 + response 0.15/0.65·0.8 = 0.692308 + 0.184615 = 0.876923 → 87.7
    expect(r.value).toBe(87.7);
    expect(r.components.find((c) => c.name === 'volume')).toMatchObject({ raw: 30, normalised: null });
  });

  it('without a rating or sentiment there is no index', () => {
    const r = computeReputationIndex({ ...full, shrunkRating: null, meanSentiment: null }, v1);
    expect(r.value).toBeNull();
    expect(r.components.every((c) => c.contribution === 0)).toBe(true);
  });

  it('bounds: worst is 0, best approaches 100', () => {
    expect(computeReputationIndex({ shrunkRating: 1, meanSentiment: -1, reviewsLast90d: 0, expectedVolume: 10, responseRate: 0 }, v1).value).toBe(0);
    const best = computeReputationIndex({ shrunkRating: 5, meanSentiment: 1, reviewsLast90d: 1000, expectedVolume: 10, responseRate: 1 }, v1);
    expect(best.value).toBe(100);
    // out-of-range inputs are clamped rather than breaking the scale
    expect(computeReputationIndex({ ...full, responseRate: 1.4, shrunkRating: 5.2 }, v1).value).toBeLessThanOrEqual(100);
  });

  it('volume has diminishing returns', () => {
    expect(volumeScore(0, 20)).toBe(0);
    expect(volumeScore(20, 20)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(volumeScore(40, 20) - volumeScore(20, 20)).toBeLessThan(volumeScore(20, 20) - volumeScore(0, 20));
    expect(volumeScore(-3, 20)).toBe(0);
  });
});

describe('formulas and weights', () => {
  it('every built-in formula has valid weights', () => {
    for (const f of Object.values(REPUTATION_INDEX_FORMULAS)) {
      expect(reputationWeightsSchema.safeParse(f.weights).success).toBe(true);
    }
  });

  it('custom weights must sum to 1 and get their own version label', () => {
    const custom = resolveFormula({ version: '1', weights: { rating: 0.6, sentiment: 0.2, volume: 0.1, response: 0.1 } });
    expect(custom.version).toBe('1/custom:r0.6-s0.2-v0.1-p0.1');
    expect(() => resolveFormula({ weights: { rating: 0.6, sentiment: 0.2, volume: 0.2, response: 0.1 } })).toThrow(/add up to 1/);
    expect(() => resolveFormula({ weights: { rating: 1.2, sentiment: -0.2, volume: 0, response: 0 } })).toThrow();
    expect(() => resolveFormula({ weights: { rating: 1 } })).toThrow();
    expect(() => resolveFormula({ version: '99' })).toThrow(/unknown Reputation Index version/);
    expect(resolveFormula()).toBe(REPUTATION_INDEX_FORMULAS['1']);
  });

  it('a zero-weight component does not count as present', () => {
    const f = resolveFormula({ weights: { rating: 1, sentiment: 0, volume: 0, response: 0 } });
    expect(computeReputationIndex(full, f).value).toBe(90);
    expect(computeReputationIndex({ ...full, shrunkRating: null }, f).value).toBeNull();
  });
});

describe('reputationIndexValue', () => {
  it('is computeReputationIndex(…).value to the bit, whichever inputs are missing and whatever the weights', () => {
    // A small deterministic generator: every combination of missing inputs comes up many times.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const maybe = (v: number) => (rnd() < 0.2 ? null : v);
    const formulas = [
      v1,
      resolveFormula({ weights: { rating: 1, sentiment: 0, volume: 0, response: 0 } }),
      resolveFormula({ weights: { rating: 0, sentiment: 0.3, volume: 0.35, response: 0.35 } }),
    ];
    let nulls = 0;
    for (let i = 0; i < 3000; i++) {
      const inputs = {
        shrunkRating: maybe(1 + 4 * rnd()),
        meanSentiment: maybe(2 * rnd() - 1),
        reviewsLast90d: maybe(Math.floor(200 * rnd())),
        expectedVolume: maybe(rnd() < 0.1 ? 0 : 100 * rnd()),
        responseRate: maybe(rnd()),
      };
      for (const f of formulas) {
        const expected = computeReputationIndex(inputs, f).value;
        if (expected === null) nulls++;
        expect(reputationIndexValue(inputs, f)).toBe(expected);
      }
    }
    expect(nulls).toBeGreaterThan(0);
  });
});
