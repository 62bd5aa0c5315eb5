import { describe, expect, it } from 'vitest';
import { coverageDropAlerts, failingTargetAlerts, lowStarAlerts, ratingDropAlerts, themeNegativeAlerts, unansweredNegativeAlerts } from './rules';
import type { EntityRef, RatingHistory, ReviewFact, RunFact, TargetHistory, ThemeHistory } from './types';

const now = new Date('2026-11-18T12:00:00Z');
const H = 3_600_000;
const riverside: EntityRef = { kind: 'location', id: 7, name: 'Riverside' };
const mike: EntityRef = { kind: 'person', id: 3, name: 'Mike Lambert' };

function review(id: number, rating: number, hoursAgo: number, extra: Partial<ReviewFact> = {}): ReviewFact {
  return { id, entity: riverside, rating, at: new Date(now.getTime() - hoursAgo * H), responded: false, removed: false, source: 'dealerrater', url: null, author: 'A', excerpt: 'meh', ...extra };
}

/** A history from star ratings: the baseline list and the recent list. */
function history(entity: EntityRef, baseline: number[], recent: number[]): RatingHistory {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return { entity, baseline: { n: baseline.length, sum: sum(baseline), sumSq: sum(baseline.map((x) => x * x)) }, recent: { n: recent.length, sum: sum(recent) } };
}

/** n ratings cycling through a pattern (deterministic "noise"). */
const ratings = (n: number, pattern: number[]) => Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);

const reviewOpts = { now, lowStarThreshold: 2, unansweredNegativeHours: 48 };

describe('review rules', () => {
  it('a new review at or below the threshold alerts once, keyed by the review', () => {
    const facts = [review(1, 1, 2), review(2, 2, 5), review(3, 3, 1), review(4, 5, 1)];
    const alerts = lowStarAlerts(facts, reviewOpts);
    expect(alerts.map((a) => [a.dedupeKey, a.severity])).toEqual([
      ['low-star:review:1', 'critical'],
      ['low-star:review:2', 'warning'],
    ]);
    // The same history evaluated again names the same events: nothing new to store.
    expect(lowStarAlerts(facts, reviewOpts).map((a) => a.dedupeKey)).toEqual(alerts.map((a) => a.dedupeKey));
  });

  it('old history imported by a first crawl and removed reviews do not alert', () => {
    expect(lowStarAlerts([review(1, 1, 24 * 400), review(2, 1, 3, { removed: true })], reviewOpts)).toEqual([]);
  });

  it('a negative review alerts as unanswered only after H hours without a response', () => {
    const facts = [review(1, 1, 47), review(2, 1, 49), review(3, 2, 60, { responded: true }), review(4, 4, 100)];
    expect(unansweredNegativeAlerts(facts, reviewOpts).map((a) => a.dedupeKey)).toEqual(['unanswered-negative:review:2']);
  });
});

describe('rating drop', () => {
  const baseline = ratings(200, [5, 5, 4, 5, 4, 5, 3, 5, 5, 4]); // mean 4.5

  it('a real drop on a busy location alerts', () => {
    const [alert] = ratingDropAlerts([history(riverside, baseline, ratings(25, [3, 2, 4, 3, 1]))], { now });
    expect(alert).toMatchObject({ rule: 'rating-drop', entityKind: 'location', entityId: 7, severity: 'critical', dedupeKey: 'rating-drop:location:7:2026-11-16' });
    expect(alert!.detail).toMatchObject({ baseline: { n: 200 }, recent: { n: 25 } });
  });

  it('noise at low volume does not: one or two bad reviews at a quiet location, or a thin baseline', () => {
    const quiet = [
      history(riverside, baseline, [1]),
      history(riverside, baseline, [1, 2]),
      history(mike, ratings(8, [5, 4]), [1, 1, 1]),
      // Five reviews a little under the usual: within chance.
      history(mike, baseline, [4, 4, 5, 4, 3]),
    ];
    expect(ratingDropAlerts(quiet, { now })).toEqual([]);
  });

  it('the same drop fires once per entity and week', () => {
    const h = history(riverside, baseline, ratings(25, [3, 2, 4, 3, 1]));
    const a = ratingDropAlerts([h], { now })[0]!.dedupeKey;
    const b = ratingDropAlerts([h], { now: new Date(now.getTime() + 2 * 24 * H) })[0]!.dedupeKey;
    const c = ratingDropAlerts([h], { now: new Date(now.getTime() + 7 * 24 * H) })[0]!.dedupeKey;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe('theme turning negative', () => {
  const theme = (current: [number, number], previous: [number, number], name = 'price'): ThemeHistory => ({
    entity: riverside,
    theme: name,
    current: { n: current[0], polaritySum: current[0] * current[1] },
    previous: { n: previous[0], polaritySum: previous[0] * previous[1] },
  });

  it('alerts when a theme that was not negative is now, with enough mentions in both periods', () => {
    const alerts = themeNegativeAlerts([theme([8, -0.4], [10, 0.3]), theme([8, -0.4], [10, -0.3], 'service'), theme([3, -0.9], [10, 0.5], 'wait')], { now });
    expect(alerts.map((a) => a.dedupeKey)).toEqual(['theme-negative:location:7:price:2026-11-16']);
  });

  it('a theme hardly mentioned before is not "turning"', () => {
    expect(themeNegativeAlerts([theme([12, -0.5], [2, 0.8])], { now })).toEqual([]);
  });
});

describe('target rules', () => {
  const run = (id: number, status: RunFact['status'], stored: number | null = null, site: number | null = null): RunFact => ({
    id,
    status,
    startedAt: new Date(now.getTime() - (100 - id) * H),
    siteReviewCount: site,
    storedReviewCount: stored,
    blockedReason: status === 'blocked' ? 'captcha' : null,
    errorMessage: null,
  });
  const target = (runs: RunFact[]): TargetHistory => ({ targetId: 11, key: 'riverside:dealerrater', source: 'dealerrater', entity: riverside, runs });

  it('K blocked or failed runs in a row alert once per streak', () => {
    const two = target([run(5, 'blocked'), run(4, 'failed'), run(3, 'ok')]);
    expect(failingTargetAlerts([two], { runsInARow: 3 })).toEqual([]);
    const three = target([run(6, 'blocked'), run(5, 'blocked'), run(4, 'failed'), run(3, 'ok')]);
    const four = target([run(7, 'blocked'), ...three.runs]);
    const [a] = failingTargetAlerts([three], { runsInARow: 3 });
    expect(a).toMatchObject({ entityKind: 'target', entityId: 11, dedupeKey: 'target-failing:11:4', severity: 'critical' });
    // The streak growing is the same event; a new streak after a success is a new one.
    expect(failingTargetAlerts([four], { runsInARow: 3 })[0]!.dedupeKey).toBe(a!.dedupeKey);
    const again = target([run(12, 'blocked'), run(11, 'blocked'), run(10, 'blocked'), run(9, 'ok'), ...four.runs]);
    expect(failingTargetAlerts([again], { runsInARow: 3 })[0]!.dedupeKey).toBe('target-failing:11:10');
  });

  it('coverage below 1 − pct alerts, keyed by the first low run', () => {
    const healthy = target([run(3, 'ok', 95, 100), run(2, 'ok', 90, 100)]);
    expect(coverageDropAlerts([healthy], { coverageDropPct: 20 })).toEqual([]);
    const dropped = target([run(5, 'ok', 60, 100), run(4, 'partial', 70, 100), run(3, 'ok', 95, 100)]);
    const [a] = coverageDropAlerts([dropped], { coverageDropPct: 20 });
    expect(a).toMatchObject({ rule: 'coverage-drop', dedupeKey: 'coverage-drop:11:4', detail: { coverage: 0.6, previousCoverage: 0.95 } });
    // A run that could not read the site's count says nothing either way.
    const withUnknown = target([run(6, 'blocked'), ...dropped.runs]);
    expect(coverageDropAlerts([withUnknown], { coverageDropPct: 20 })[0]!.dedupeKey).toBe('coverage-drop:11:4');
  });
});
