import { describe, expect, it } from 'vitest';
import { buildDemoWorld } from './build';
import { DEMO_PHASES, demoPhaseChanges, demoReviewsAt, phaseCutoffMs } from './phases';

const world = buildDemoWorld({ asOf: '2026-03-15' });
const p0 = demoReviewsAt(world, 0);
const p1 = demoReviewsAt(world, 1);
const changes = demoPhaseChanges(world, 1);
const byId0 = new Map(p0.map((r) => [r.id, r]));
const byId1 = new Map(p1.map((r) => [r.id, r]));

describe('demo phases', () => {
  it('phase 0 is the site one day before asOf: nothing newer, no answers from the future', () => {
    const cutoff = new Date(phaseCutoffMs(world, 0)).toISOString();
    expect(cutoff).toBe('2026-03-14T00:00:00.000Z');
    for (const r of p0) {
      expect(r.publishedAt < cutoff).toBe(true);
      if (r.response) expect(r.response.at < cutoff).toBe(true);
    }
    expect(p0.length).toBeLessThan(world.reviews.length);
  });

  it('phase 1 adds new reviews at the top of every dealer page', () => {
    expect(changes.added.length).toBeGreaterThanOrEqual(world.locations.length);
    for (const loc of world.locations) {
      const newest0 = p0.filter((r) => r.channel === 'dealer' && r.locationKey === loc.key).at(-1)!;
      const added = changes.added.map((id) => byId1.get(id)!).filter((r) => r.channel === 'dealer' && r.locationKey === loc.key);
      expect(added.length).toBeGreaterThanOrEqual(1);
      for (const r of added) {
        expect(r.publishedAt > newest0.publishedAt).toBe(true);
        expect(Number(r.id)).toBeGreaterThan(Number(newest0.id));
      }
    }
  });

  it('phase 1 edits, removes and answers a few older reviews, keeping their ids', () => {
    expect(changes.edited.length).toBeGreaterThanOrEqual(3);
    for (const edit of changes.edited) {
      const before = byId0.get(edit.id)!;
      const after = byId1.get(edit.id)!;
      expect({ rating: before.rating, title: before.title, text: before.text }).toEqual(edit.before);
      expect({ rating: after.rating, title: after.title, text: after.text }).toEqual(edit.after);
      expect(after.publishedAt).toBe(before.publishedAt);
      expect(edit.after).not.toEqual(edit.before);
    }
    expect(changes.edited.some((e) => e.before.rating !== e.after.rating && e.before.text === e.after.text)).toBe(true);
    expect(changes.edited.some((e) => e.before.rating === e.after.rating && e.before.text !== e.after.text)).toBe(true);

    expect(changes.removed.length).toBeGreaterThanOrEqual(2);
    for (const id of changes.removed) {
      expect(byId0.has(id)).toBe(true);
      expect(byId1.has(id)).toBe(false);
    }
    expect(changes.responded.length).toBeGreaterThanOrEqual(3);
    for (const id of changes.responded) {
      expect(byId0.get(id)!.response).toBeNull();
      expect(byId1.get(id)!.response).not.toBeNull();
    }
    // Everything else is untouched.
    const touched = new Set([...changes.edited.map((e) => e.id), ...changes.removed, ...changes.responded]);
    const untouched = p0.filter((r) => !touched.has(r.id));
    expect(untouched.every((r) => JSON.stringify(byId1.get(r.id)) === JSON.stringify(r))).toBe(true);
  });

  it('is deterministic and leaves the world itself unchanged', () => {
    const again = buildDemoWorld({ asOf: '2026-03-15' });
    expect(JSON.stringify(demoReviewsAt(again, 1))).toBe(JSON.stringify(p1));
    expect(demoPhaseChanges(again, 1)).toEqual(changes);
    const untouchedWorld = buildDemoWorld({ asOf: '2026-03-15' });
    expect(JSON.stringify(world.reviews)).toBe(JSON.stringify(untouchedWorld.reviews));
    expect(() => demoReviewsAt(world, DEMO_PHASES)).toThrow(RangeError);
  });
});
