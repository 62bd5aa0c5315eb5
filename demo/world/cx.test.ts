import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { validateCxRow } from '../../domain/cx/cx-rows';
import { buildDemoWorld } from './build';
import { DEMO_CX_HEADER, buildDemoCx, cxMonths, demoCxCsv } from './cx';
import { STORY } from './story';

const world = buildDemoWorld({ asOf: '2026-03-15' });
const rows = buildDemoCx(world);

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('buildDemoCx', () => {
  it('covers the completed months for the company, every location and every active salesperson', () => {
    const months = cxMonths(world).map((m) => m.period);
    // The period starts mid-September; the CX export still has that whole month.
    expect(months[0]).toBe('2024-09');
    expect(months.at(-1)).toBe('2026-02');
    for (const loc of world.locations)
      expect(rows.filter((r) => r.externalKey === loc.externalKey && r.metric === 'NPS').map((r) => r.period)).toEqual(months);
    expect(rows.filter((r) => r.entityType === 'company' && r.metric === 'CSAT')).toHaveLength(months.length);
    const left = world.people.find((p) => p.key === STORY.leftPerson)!;
    const joined = world.people.find((p) => p.key === STORY.joinedPerson)!;
    const periodsOf = (key: string) => rows.filter((r) => r.externalKey === key && r.metric === 'NPS').map((r) => r.period);
    expect(periodsOf(left.externalKey).at(-1)).toBe(left.activeTo!.slice(0, 7));
    expect(periodsOf(joined.externalKey)[0]).toBe(joined.activeFrom!.slice(0, 7));
    for (const r of rows) {
      expect(r.responses).toBeGreaterThan(0);
      expect(r.responses).toBeLessThanOrEqual(r.transactions);
    }
  });

  it('is deterministic', () => {
    expect(buildDemoCx(buildDemoWorld({ asOf: '2026-03-15' }))).toEqual(rows);
  });

  it('tracks the public reviews, and leads them by about a month at the declining store', () => {
    const loc = world.locations.find((l) => l.key === STORY.decliningLocation)!;
    const months = cxMonths(world);
    const nps = months.map((m) => rows.find((r) => r.externalKey === loc.externalKey && r.metric === 'NPS' && r.period === m.period)!.value);
    const reviewMean = months.map((m) => {
      const rs = world.reviews.filter(
        (r) => r.channel === 'dealer' && r.locationKey === loc.key && Date.parse(r.publishedAt) >= m.startMs && Date.parse(r.publishedAt) < m.endMs,
      );
      return rs.reduce((a, r) => a + r.rating, 0) / rs.length;
    });
    // CX of month m against reviews of month m+1 (lead) versus the same month.
    const lead = correlation(nps.slice(0, -1), reviewMean.slice(1));
    const same = correlation(nps, reviewMean);
    expect(lead).toBeGreaterThan(0.8);
    expect(lead).toBeGreaterThan(same);
    // The survey crosses halfway from its old level to its new one a month before the reviews do.
    const crossing = (xs: number[]) => {
      const before = xs.slice(0, 6).reduce((a, b) => a + b, 0) / 6;
      const after = xs.slice(-2).reduce((a, b) => a + b, 0) / 2;
      return xs.findIndex((x, i) => i >= 6 && x < (before + after) / 2);
    };
    expect(crossing(nps)).toBeGreaterThan(6);
    expect(crossing(nps)).toBe(crossing(reviewMean) - 1);
    expect(nps.slice(-3).every((v) => v < nps[0]! - 30)).toBe(true);
  });

  it('ranks the steady store above the declining one lately, and shows the improving person rising', () => {
    const last = cxMonths(world).at(-1)!.period;
    const value = (key: string, period = last) => rows.find((r) => r.externalKey === key && r.metric === 'CSAT' && r.period === period)!.value;
    const steady = world.locations.find((l) => l.key === STORY.steadyLocation)!;
    const declining = world.locations.find((l) => l.key === STORY.decliningLocation)!;
    expect(value(steady.externalKey)).toBeGreaterThan(value(declining.externalKey) + 10);
    const elena = world.people.find((p) => p.key === STORY.improvingPerson)!;
    const npsOf = rows.filter((r) => r.externalKey === elena.externalKey && r.metric === 'NPS').map((r) => r.value);
    const firstHalf = npsOf.slice(0, 6).reduce((a, b) => a + b, 0) / 6;
    const lastHalf = npsOf.slice(-6).reduce((a, b) => a + b, 0) / 6;
    expect(lastHalf - firstHalf).toBeGreaterThan(40);
  });
});

describe('demoCxCsv', () => {
  it('has the import header and rows the CX importer accepts', () => {
    const csv = demoCxCsv(world);
    expect(csv.split('\n')[0]).toBe(DEMO_CX_HEADER);
    const records = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records).toHaveLength(rows.length);
    expect(records[0]!.period).toMatch(/^\d{4}-\d{2}$/);
    for (const record of records) {
      const result = validateCxRow(record);
      expect(result.ok, JSON.stringify(record)).toBe(true);
    }
    expect(new Set(records.map((r) => r.entity_type))).toEqual(new Set(['company', 'location', 'person']));
  });
});
