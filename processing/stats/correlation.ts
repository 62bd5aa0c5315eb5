import { mean, sampleCorrelation, sampleRankCorrelation, sampleStandardDeviation, zScore } from 'simple-statistics';
import { studentTTwoSidedP, zForLevel } from './distributions';

export type Value = number | null | undefined;

export interface CorrelationResult {
  /** null when fewer than 3 pairs or either series is constant. */
  r: number | null;
  /** Pairs used (both values finite). */
  n: number;
  /** 95 % interval via Fisher's z; null when n < 4 or r is null. */
  ci: [number, number] | null;
  /** Two-sided p-value for r = 0 (t test with n − 2 df); null when r is null. */
  p: number | null;
}

/** Pairwise deletion: a period counts only when both series have a finite value. */
function completePairs(x: readonly Value[], y: readonly Value[]): [number[], number[]] {
  if (x.length !== y.length) throw new RangeError(`correlation: series lengths differ (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  return [xs, ys];
}

function isConstant(xs: readonly number[]): boolean {
  return xs.every((v) => v === xs[0]);
}

/**
 * Shared inference. `seFactor` is the variance factor of Fisher's z: 1 for
 * Pearson; 1.06 for Spearman (Fieller, Hartley & Pearson 1957), whose z is a
 * little more variable. The p-value uses t = r·√((n−2)/(1−r²)), exact for
 * Pearson under normality and the usual large-sample approximation for Spearman.
 */
function infer(r: number, n: number, seFactor: number, level: number): CorrelationResult {
  const rc = Math.max(-1, Math.min(1, r));
  let p: number;
  if (Math.abs(rc) === 1) p = 0;
  else p = studentTTwoSidedP(rc * Math.sqrt((n - 2) / (1 - rc * rc)), n - 2);
  let ci: [number, number] | null = null;
  if (n >= 4) {
    const z = Math.atanh(rc);
    const half = zForLevel(level) * Math.sqrt(seFactor / (n - 3));
    ci = [Math.tanh(z - half), Math.tanh(z + half)];
  }
  return { r: rc, n, ci, p };
}

function correlate(x: readonly Value[], y: readonly Value[], kind: 'pearson' | 'spearman', level: number): CorrelationResult {
  const [xs, ys] = completePairs(x, y);
  const n = xs.length;
  if (n < 3 || isConstant(xs) || isConstant(ys)) return { r: null, n, ci: null, p: null };
  const r = kind === 'pearson' ? sampleCorrelation(xs, ys) : sampleRankCorrelation(xs, ys);
  if (!Number.isFinite(r)) return { r: null, n, ci: null, p: null };
  return infer(r, n, kind === 'pearson' ? 1 : 1.06, level);
}

/** Pearson's r with a Fisher-z interval. Missing or non-finite values drop their pair. */
export function pearson(x: readonly Value[], y: readonly Value[], opts: { level?: number } = {}): CorrelationResult {
  return correlate(x, y, 'pearson', opts.level ?? 0.95);
}

/** Spearman's rank correlation (ties get average ranks) with a Fisher-z interval. */
export function spearman(x: readonly Value[], y: readonly Value[], opts: { level?: number } = {}): CorrelationResult {
  return correlate(x, y, 'spearman', opts.level ?? 0.95);
}

export interface LagRow {
  lag: number;
  r: number | null;
  n: number;
  p: number | null;
}

export interface BestLagResult {
  /** Lag with the highest r among lags with at least minN pairs; null if none qualifies. */
  lag: number | null;
  r: number | null;
  n: number;
  table: LagRow[];
}

/**
 * Cross-correlation over lags −maxLag…maxLag of two series aligned by period.
 * At lag L the pairs are (x[t], y[t+L]): a positive L means x leads y by L
 * periods (e.g. reputation this month vs CX L months later). The best lag is the
 * highest signed r: we look for the two measures moving together; a strong
 * negative r stays visible in the table. Lags with fewer than minN pairs
 * (default 4) are listed but never chosen, since short overlaps give extreme r
 * by chance. Ties go to the smaller |lag|.
 */
export function bestLag(
  x: readonly Value[],
  y: readonly Value[],
  maxLag: number,
  opts: { method?: 'pearson' | 'spearman'; minN?: number } = {},
): BestLagResult {
  if (x.length !== y.length) throw new RangeError(`bestLag: series lengths differ (${x.length} vs ${y.length})`);
  if (!Number.isInteger(maxLag) || maxLag < 0) throw new RangeError('bestLag: maxLag must be a non-negative integer');
  const corr = opts.method === 'spearman' ? spearman : pearson;
  const minN = opts.minN ?? 4;
  const table: LagRow[] = [];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const xs: Value[] = [];
    const ys: Value[] = [];
    for (let t = 0; t < x.length; t++) {
      const u = t + lag;
      if (u < 0 || u >= y.length) continue;
      xs.push(x[t]);
      ys.push(y[u]);
    }
    const res = corr(xs, ys);
    table.push({ lag, r: res.r, n: res.n, p: res.p });
  }
  let best: LagRow | null = null;
  for (const row of table) {
    if (row.r == null || row.n < minN) continue;
    if (!best || best.r == null || row.r > best.r || (row.r === best.r && Math.abs(row.lag) < Math.abs(best.lag))) best = row;
  }
  return { lag: best?.lag ?? null, r: best?.r ?? null, n: best?.n ?? 0, table };
}

export interface GapEntity {
  id: string;
  reputation: Value;
  cx: Value;
}

export interface GapItem {
  id: string;
  reputation: number;
  cx: number;
  zReputation: number;
  zCx: number;
  /** zReputation − zCx: > 0 public reputation ahead of internal CX, < 0 behind it. */
  gap: number;
}

export interface GapListResult {
  /** Everything, largest gap first. */
  items: GapItem[];
  /** gap > 0, largest first: looks better in public than customers tell us. */
  reputationAhead: GapItem[];
  /** gap < 0, most negative first: customers rate them better than the public sees. */
  cxAhead: GapItem[];
  /** Ids lacking one of the two measures. */
  excluded: string[];
}

/**
 * Puts public reputation and internal CX on one footing: each is standardised
 * against the peers in the list (z = (v − mean) / sample SD), because the two
 * are on different scales (stars vs NPS). A measure with no spread (fewer than
 * two entities, or all equal) gives z = 0: no one stands out on it.
 */
export function gapList(entities: readonly GapEntity[]): GapListResult {
  const kept: { id: string; reputation: number; cx: number }[] = [];
  const excluded: string[] = [];
  for (const e of entities) {
    const ok = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v);
    if (ok(e.reputation) && ok(e.cx)) kept.push({ id: e.id, reputation: e.reputation, cx: e.cx });
    else excluded.push(e.id);
  }
  const standardiser = (vals: number[]): ((v: number) => number) => {
    if (vals.length < 2) return () => 0;
    const m = mean(vals);
    const sd = sampleStandardDeviation(vals);
    return sd > 0 ? (v) => zScore(v, m, sd) : () => 0;
  };
  const zr = standardiser(kept.map((e) => e.reputation));
  const zc = standardiser(kept.map((e) => e.cx));
  const items = kept
    .map((e) => {
      const zReputation = zr(e.reputation);
      const zCx = zc(e.cx);
      return { ...e, zReputation, zCx, gap: zReputation - zCx };
    })
    .sort((a, b) => b.gap - a.gap);
  return {
    items,
    reputationAhead: items.filter((i) => i.gap > 0),
    cxAhead: items.filter((i) => i.gap < 0).reverse(),
    excluded,
  };
}
