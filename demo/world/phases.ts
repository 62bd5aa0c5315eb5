import { Rng } from '../../core/rng';
import type { DemoOwnerResponse, DemoReview, DemoWorld } from './types';

/**
 * The site changes between crawls. Phase 0 is the site one day before asOf;
 * phase 1 is the site at asOf: the last day's reviews appear at the top,
 * answers written that day appear, and a few older reviews are edited or
 * removed. Everything is derived from the seed, so each phase is identical
 * on every run.
 */

export const DEMO_PHASES = 2;
const DAY_MS = 86_400_000;

export interface DemoEdit {
  id: string;
  before: Pick<DemoReview, 'rating' | 'title' | 'text'>;
  after: Pick<DemoReview, 'rating' | 'title' | 'text'>;
}

export interface DemoPhaseChanges {
  phase: number;
  /** Reviews first visible in this phase (published since the previous phase). */
  added: string[];
  edited: DemoEdit[];
  removed: string[];
  /** Reviews that got an owner response since the previous phase. */
  responded: string[];
}

/** Reviews become visible, and answers appear, only before a phase's cutoff. */
export function phaseCutoffMs(world: DemoWorld, phase: number): number {
  checkPhase(phase);
  return Date.parse(world.asOf) - (DEMO_PHASES - 1 - phase) * DAY_MS;
}

function checkPhase(phase: number): void {
  if (!Number.isInteger(phase) || phase < 0 || phase >= DEMO_PHASES)
    throw new RangeError(`phase must be an integer from 0 to ${DEMO_PHASES - 1}, got ${phase}`);
}

const cache = new WeakMap<DemoWorld, Map<number, { reviews: DemoReview[]; changes: DemoPhaseChanges }>>();

/** Picks up to `n` items spread over `pool` (deterministic, no repeats). */
function sample<T>(rng: Rng, pool: readonly T[], n: number, taken: Set<T>): T[] {
  const out: T[] = [];
  for (let guard = 0; out.length < n && guard < pool.length * 4 + 20; guard++) {
    const item = pool[rng.int(0, pool.length - 1)];
    if (item !== undefined && !taken.has(item)) {
      taken.add(item);
      out.push(item);
    }
  }
  return out;
}

function newestOf(reviews: readonly DemoReview[], channel: DemoReview['channel'], locationKey: string | null): DemoReview[] {
  return reviews.filter((r) => r.channel === channel && r.locationKey === locationKey && !r.hostile).reverse();
}

/** The explicit phase-1 changes on top of the time-based ones. */
function phaseOneEdits(world: DemoWorld, visible: readonly DemoReview[], cutoffMs: number) {
  const rng = Rng.derive(world.seed, 'phase-1');
  const taken = new Set<DemoReview>();
  const edits: DemoEdit[] = [];
  const removed: DemoReview[] = [];
  const responded: { review: DemoReview; response: DemoOwnerResponse }[] = [];
  const withText = (r: DemoReview) => r.text !== null;
  for (const [i, loc] of world.locations.slice(0, 3).entries()) {
    const newest = newestOf(visible, 'dealer', loc.key);
    const [edit] = sample(rng, newest.slice(5, 40).filter(withText), 1, taken);
    if (edit) {
      // One text-and-rating change, one rating-only change, one text-only change.
      const after =
        i === 0
          ? { rating: Math.min(5, edit.rating + 2), title: edit.title, text: `${edit.text} Update: the manager called me and made it right.` }
          : i === 1
            ? { rating: edit.rating >= 3 ? edit.rating - 2 : edit.rating + 1, title: edit.title, text: edit.text }
            : { rating: edit.rating, title: edit.title, text: `${edit.text} Edited to add: the second key arrived by mail.` };
      edits.push({ id: edit.id, before: { rating: edit.rating, title: edit.title, text: edit.text }, after });
    }
    removed.push(...sample(rng, newest.slice(40, 150), 1, taken));
    const unanswered = newest.slice(1, 25).filter((r) => !r.response);
    for (const review of sample(rng, unanswered, 1, taken)) {
      const manager = world.people.find((p) => p.key === loc.managerKey);
      const at = new Date(cutoffMs - rng.int(1, 20) * 3_600_000).toISOString();
      const signer = manager ? `${manager.firstName} ${manager.lastName}, ${manager.title}` : loc.name;
      responded.push({ review, response: { text: `Thank you for taking the time to write this. We read every review. — ${signer}`, at, byKey: manager?.key ?? null } });
    }
  }
  const company = newestOf(visible, 'company', null);
  const [companyEdit] = sample(rng, company.slice(3, 30).filter(withText), 1, taken);
  if (companyEdit)
    edits.push({
      id: companyEdit.id,
      before: { rating: companyEdit.rating, title: companyEdit.title, text: companyEdit.text },
      after: { rating: companyEdit.rating === 5 ? 4 : companyEdit.rating + 1, title: companyEdit.title, text: `${companyEdit.text} (Edited after a call from customer care.)` },
    });
  removed.push(...sample(rng, company.slice(20, 80), 1, taken));
  return { edits, removed: removed.map((r) => r.id), responded };
}

function build(world: DemoWorld, phase: number): { reviews: DemoReview[]; changes: DemoPhaseChanges } {
  const cutoff = phaseCutoffMs(world, phase);
  const visibleAt = (c: number) =>
    world.reviews
      .filter((r) => Date.parse(r.publishedAt) < c)
      .map((r) => (r.response && Date.parse(r.response.at) >= c ? { ...r, response: null } : r));
  const reviews = visibleAt(cutoff);
  if (phase === 0) return { reviews, changes: { phase, added: reviews.map((r) => r.id), edited: [], removed: [], responded: [] } };

  const previous = get(world, phase - 1);
  const prevIds = new Set(previous.reviews.map((r) => r.id));
  const prevAnswered = new Set(previous.reviews.filter((r) => r.response).map((r) => r.id));
  // Explicit edits exist only in phase 1; later phases (if ever added) would keep them.
  const extra = phaseOneEdits(world, previous.reviews, cutoff);
  const editById = new Map(extra.edits.map((e) => [e.id, e.after]));
  const respondById = new Map(extra.responded.map((x) => [x.review.id, x.response]));
  const removed = new Set(extra.removed);
  const out: DemoReview[] = [];
  for (const r of reviews) {
    if (removed.has(r.id)) continue;
    const edit = editById.get(r.id);
    const response = respondById.get(r.id);
    out.push(edit || response ? { ...r, ...(edit ?? {}), ...(response ? { response } : {}) } : r);
  }
  const added = out.filter((r) => !prevIds.has(r.id)).map((r) => r.id);
  const responded = out.filter((r) => r.response && prevIds.has(r.id) && !prevAnswered.has(r.id)).map((r) => r.id);
  return { reviews: out, changes: { phase, added, edited: extra.edits, removed: extra.removed, responded } };
}

function get(world: DemoWorld, phase: number): { reviews: DemoReview[]; changes: DemoPhaseChanges } {
  checkPhase(phase);
  let byPhase = cache.get(world);
  if (!byPhase) cache.set(world, (byPhase = new Map()));
  let entry = byPhase.get(phase);
  if (!entry) byPhase.set(phase, (entry = build(world, phase)));
  return entry;
}

/** Every review visible on the site in this phase, oldest first, with the phase's edits applied. */
export function demoReviewsAt(world: DemoWorld, phase: number): readonly DemoReview[] {
  return get(world, phase).reviews;
}

/** What changed in this phase compared with the previous one (phase 0: everything is "added"). */
export function demoPhaseChanges(world: DemoWorld, phase: number): DemoPhaseChanges {
  return get(world, phase).changes;
}
