import { errorFunction, gammaln, probit } from 'simple-statistics';

/**
 * Distribution helpers that simple-statistics does not ship in the form we need.
 * simple-statistics' cumulativeStdNormalProbability is a 0.01-step table lookup,
 * too coarse for p-values, so the normal CDF is built from its error function
 * (accurate to ~1e-7), and the Student t CDF from the regularised incomplete beta.
 */

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return Math.min(1, Math.max(0, 0.5 * (1 + errorFunction(z / Math.SQRT2))));
}

/**
 * Standard normal quantile Φ⁻¹(p), e.g. 1.959964 for p = 0.975.
 * simple-statistics' probit rests on an inverse-erf approximation that is off by
 * ~0.003 at 1.96, which moves interval bounds in the third decimal; two Newton
 * steps on Φ(x) − p bring it to the accuracy of the normal CDF (~1e-7).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  let x = probit(p);
  for (let i = 0; i < 2; i++) {
    const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    if (density < 1e-300) break;
    x -= (normalCdf(x) - p) / density;
  }
  return x;
}

/** z for a two-sided interval at `level` (0.95 → 1.959964). */
export function zForLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return normalQuantile(1 - (1 - level) / 2);
}

const TINY = 1e-300;
const EPS = 1e-14;

/**
 * Continued fraction for the incomplete beta function, evaluated with the
 * modified Lentz method; it converges quickly when x < (a + 1) / (a + b + 2),
 * which the caller guarantees through the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    // Even step of the fraction.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b) for a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError('regularizedIncompleteBeta: a and b must be > 0');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom: P(|T| ≥ |t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError('studentTTwoSidedP: df must be > 0');
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  // P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2), a standard identity.
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}
