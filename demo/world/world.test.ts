import { describe, expect, it } from 'vitest';
import { buildDemoWorld, todayUtcMidnight } from './build';
import { HOSTILE_TEXT } from './reviews';
import { STORY } from './story';
import type { DemoReview, DemoWorld } from './types';

const AS_OF = '2026-03-15T00:00:00.000Z';
const DAY = 86_400_000;
const world = buildDemoWorld({ asOf: AS_OF });
const asOfMs = Date.parse(AS_OF);

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const daysAgo = (r: DemoReview) => (asOfMs - Date.parse(r.publishedAt)) / DAY;
const dealerAt = (w: DemoWorld, key: string) => w.reviews.filter((r) => r.channel === 'dealer' && r.locationKey === key);

/** Least-squares slope of rating over time, in stars per year. */
function slopePerYear(reviews: readonly DemoReview[], rating: (r: DemoReview) => number): number {
  const xs = reviews.map((r) => -daysAgo(r) / 365);
  const ys = reviews.map(rating);
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

describe('buildDemoWorld', () => {
  it('is deterministic for the same seed and asOf, and different for another seed', () => {
    const again = buildDemoWorld({ asOf: AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(world));
    const other = buildDemoWorld({ asOf: AS_OF, seed: 7 });
    expect(other.reviews.map((r) => r.text).slice(0, 50)).not.toEqual(world.reviews.map((r) => r.text).slice(0, 50));
  });

  it('defaults asOf to today midnight UTC and covers the requested months', () => {
    const w = buildDemoWorld({ months: 2 });
    expect(w.asOf).toBe(todayUtcMidnight().toISOString());
    expect(buildDemoWorld({ asOf: '2026-03-15T17:45:00Z' }).asOf).toBe(AS_OF);
    expect(world.start).toBe('2024-09-15T00:00:00.000Z');
    for (const r of world.reviews) {
      expect(r.publishedAt >= world.start && r.publishedAt < world.asOf).toBe(true);
      if (r.response) expect(r.response.at > r.publishedAt && r.response.at < world.asOf).toBe(true);
    }
  });

  it('has a realistic volume that scales, with unique ids increasing with time', () => {
    expect(world.reviews.length).toBeGreaterThanOrEqual(1500);
    expect(world.reviews.length).toBeLessThanOrEqual(3000);
    const ids = world.reviews.map((r) => Number(r.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
    const triple = buildDemoWorld({ asOf: AS_OF, scale: 3 });
    expect(triple.reviews.length / world.reviews.length).toBeGreaterThan(2.7);
    expect(triple.reviews.length / world.reviews.length).toBeLessThan(3.3);
  });

  it('builds benchmark scales (timing lives in bench/, not here)', () => {
    const big = buildDemoWorld({ asOf: AS_OF, scale: 10 });
    expect(big.reviews.length / world.reviews.length).toBeGreaterThan(9);
    expect(big.reviews.length / world.reviews.length).toBeLessThan(11);
  });

  it('has the roster edge cases attribution needs', () => {
    expect(world.locations.length).toBeGreaterThanOrEqual(3);
    const sellers = world.people.filter((p) => p.sells);
    expect(sellers.length).toBeGreaterThanOrEqual(12);
    expect(new Set(world.people.map((p) => p.externalKey)).size).toBe(world.people.length);
    expect(new Set(world.locations.map((l) => l.externalKey)).size).toBe(world.locations.length);
    const byKey = new Map(world.people.map((p) => [p.key, p]));
    expect(byKey.get('michael-brennan')!.aliases).toContain('Mike');
    expect(byKey.get('rafael-quintero')!.name).toBe('Rafael "Rafa" Quintero');
    // Two people customers call "Chris", at different stores.
    const chrisses = world.people.filter((p) => p.firstName === 'Chris' || p.aliases.includes('Chris'));
    expect(new Set(chrisses.map((p) => p.locationKey)).size).toBe(2);
    expect(byKey.get(STORY.leftPerson)!.activeTo).toBe('2025-08-27');
    expect(byKey.get(STORY.joinedPerson)!.activeFrom).toBe('2025-06-18');
    // Nobody is tagged outside their time on staff.
    for (const r of world.reviews)
      for (const e of r.employees) {
        const p = byKey.get(e.personKey)!;
        const day = r.publishedAt.slice(0, 10);
        if (p.activeFrom) expect(day >= p.activeFrom).toBe(true);
        if (p.activeTo) expect(day <= p.activeTo).toBe(true);
        expect(p.locationKey).toBe(r.locationKey);
      }
  });

  it('tells the story: one store declines, one stays strong, one salesperson improves', () => {
    const declining = dealerAt(world, STORY.decliningLocation);
    const before = mean(declining.filter((r) => daysAgo(r) >= 182).map((r) => r.rating));
    const last6 = mean(declining.filter((r) => daysAgo(r) < 182).map((r) => r.rating));
    expect(before - last6).toBeGreaterThan(0.5);
    const last2 = mean(declining.filter((r) => daysAgo(r) < 60).map((r) => r.rating));
    expect(last2).toBeLessThan(3.4);

    const steady = dealerAt(world, STORY.steadyLocation);
    const steadyBefore = mean(steady.filter((r) => daysAgo(r) >= 182).map((r) => r.rating));
    const steadyLast = mean(steady.filter((r) => daysAgo(r) < 182).map((r) => r.rating));
    expect(steadyLast).toBeGreaterThan(4.3);
    expect(Math.abs(steadyBefore - steadyLast)).toBeLessThan(0.2);

    const improving = world.reviews.filter((r) => r.employees.some((e) => e.personKey === STORY.improvingPerson));
    expect(improving.length).toBeGreaterThan(60);
    const own = (r: DemoReview) => r.employees.find((e) => e.personKey === STORY.improvingPerson)!.rating;
    expect(slopePerYear(improving, own)).toBeGreaterThan(0.4);
    const third = Math.floor(improving.length / 3);
    expect(mean(improving.slice(-third).map(own)) - mean(improving.slice(0, third).map(own))).toBeGreaterThan(0.6);
  });

  it('turns waiting and communication complaints up at the declining store', () => {
    const negShare = (reviews: DemoReview[]) => {
      const all = reviews.flatMap((r) => r.themes);
      const bad = all.filter((t) => t.polarity === -1 && ['speed', 'communication', 'responsiveness'].includes(t.theme));
      return bad.length / Math.max(all.length, 1);
    };
    const declining = dealerAt(world, STORY.decliningLocation);
    expect(negShare(declining.filter((r) => daysAgo(r) < 120))).toBeGreaterThan(3 * negShare(declining.filter((r) => daysAgo(r) >= 200)));
  });

  it('answers reviews at different rates per store, with delays', () => {
    const rate = (key: string) => {
      const rs = dealerAt(world, key);
      return rs.filter((r) => r.response).length / rs.length;
    };
    expect(rate('harbor-point')).toBeGreaterThan(0.6);
    expect(rate('lakeview')).toBeLessThan(0.3);
    const delays = world.reviews.filter((r) => r.response).map((r) => Date.parse(r.response!.at) - Date.parse(r.publishedAt));
    expect(Math.min(...delays)).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeGreaterThan(3 * DAY);
  });

  it('has names in texts, employee tags, rating-only reviews, Spanish, emoji and the hostile reviews', () => {
    const texts = world.reviews.map((r) => r.text ?? '');
    expect(world.reviews.filter((r) => r.mentions.length > 0).length).toBeGreaterThan(300);
    expect(texts.some((t) => /\bAsk for Mike!/.test(t))).toBe(true);
    expect(texts.some((t) => / and .* were great\./.test(t))).toBe(true);
    // Named without a tag: only the text tells who served the customer.
    expect(world.reviews.filter((r) => r.mentions.length && !r.employees.length).length).toBeGreaterThan(50);
    expect(world.reviews.filter((r) => r.employees.length > 0).length).toBeGreaterThan(800);
    expect(world.reviews.filter((r) => r.text === null).length).toBeGreaterThan(30);
    expect(world.reviews.filter((r) => r.language === 'es').length).toBeGreaterThan(20);
    expect(texts.some((t) => /[\u{1F300}-\u{1FAFF}]/u.test(t))).toBe(true);
    const hostile = world.reviews.filter((r) => r.hostile);
    expect(hostile.map((r) => r.channel).sort()).toEqual(['company', 'dealer']);
    for (const r of hostile) {
      expect(r.text).toBe(HOSTILE_TEXT);
      expect(r.text).toContain('<script>alert(1)</script>');
      expect(r.text).toContain('<img src=x onerror=alert(1)>');
    }
  });

  it('rejects nonsense options', () => {
    expect(() => buildDemoWorld({ scale: 0 })).toThrow(RangeError);
    expect(() => buildDemoWorld({ months: 0 })).toThrow(RangeError);
    expect(() => buildDemoWorld({ asOf: 'yesterday' })).toThrow(RangeError);
  });
});
