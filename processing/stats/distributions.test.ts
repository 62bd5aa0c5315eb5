import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, regularizedIncompleteBeta, studentTTwoSidedP, zForLevel } from './distributions';

describe('normal distribution', () => {
  it('matches textbook values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
  it('inverts', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(zForLevel(0.95)).toBeCloseTo(1.959964, 5);
    expect(zForLevel(0.9)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 7);
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => zForLevel(1)).toThrow(RangeError);
  });
});

describe('incomplete beta and Student t', () => {
  it('I_x(1,1) = x and symmetry', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    // I_x(a,b) = 1 − I_{1−x}(b,a)
    expect(regularizedIncompleteBeta(0.2, 2.5, 4) + regularizedIncompleteBeta(0.8, 4, 2.5)).toBeCloseTo(1, 12);
    // I_x(2,1) = x²
    expect(regularizedIncompleteBeta(0.6, 2, 1)).toBeCloseTo(0.36, 10);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
  it('t p-values match tables (reference values from a statistics package)', () => {
    expect(studentTTwoSidedP(2.228139, 10)).toBeCloseTo(0.05, 6);
    expect(studentTTwoSidedP(2, 5)).toBeCloseTo(0.1019395, 6);
    // df = 1 is the Cauchy distribution: P(|T| ≥ 0.5) = 1 − (2/π)·atan(0.5) = 0.704833
    expect(studentTTwoSidedP(0.5, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(0.5), 9);
    expect(studentTTwoSidedP(-0.5, 1)).toBeCloseTo(0.704833, 6);
    expect(studentTTwoSidedP(10, 30)).toBeLessThan(1e-9);
    expect(studentTTwoSidedP(0, 7)).toBeCloseTo(1, 12);
    expect(studentTTwoSidedP(Infinity, 7)).toBe(0);
  });
});
