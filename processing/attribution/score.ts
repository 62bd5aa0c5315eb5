import type { IndexedPerson, NameIndex } from './name-index';
import type { Mention, RawCandidate, ScanMode } from './scan';
import type { MatchKind } from './types';

/**
 * Confidence of each mention's candidates. Order of strength, as agreed with
 * the product: full name > given name + surname initial > given name unique at
 * the review's location > nickname. Then evidence multiplies it: typos, casing,
 * cues, a conflicting surname, the person's location and employment dates, and
 * how many people the mention could be.
 */

const BASE: Record<ScanMode, Record<MatchKind, number>> = {
  text: { 'full-name': 0.95, 'first-initial': 0.9, 'first-name': 0.8, alias: 0.8, nickname: 0.7, 'last-name': 0.8 },
  // A site's employee tag is known to name an employee, so every reading is a bit stronger,
  // except a bare surname, which sites rarely use on their own.
  tag: { 'full-name': 0.98, 'first-initial': 0.93, 'first-name': 0.85, alias: 0.85, nickname: 0.75, 'last-name': 0.6 },
};
/** A nickname standing in for the given name in a full name or with an initial ("Mike Reyes" for Michael Reyes). */
const NICK_IN_FULL = 0.95;
const CUE_BONUS = 0.05;
const TYPO_FACTOR = [1, 0.85, 0.75];
/** Reviews come weeks after the sale; rosters lag a little at the start. */
const GRACE_BEFORE_MS = 7 * 86_400_000;
const GRACE_AFTER_MS = 60 * 86_400_000;
/** Below this a candidate is noise, not worth a reviewer's time. */
export const MIN_CANDIDATE_CONFIDENCE = 0.1;

export interface Scored {
  person: IndexedPerson;
  kind: MatchKind;
  confidence: number;
  notes: string[];
  mention: Mention;
}

export interface ScoreContext {
  mode: ScanMode;
  casingInformative: boolean;
  locationId: string | null;
  publishedMs: number | null;
}

/** Evidence from the words themselves; null = not a name here. */
function wordEvidence(m: Mention, c: RawCandidate, ctx: ScoreContext, notes: string[]): number | null {
  let f = TYPO_FACTOR[c.typo] ?? 0.75;
  if (c.typo) notes.push(`spelling differs by ${c.typo}`);
  if (c.surnameConflict) {
    f *= ctx.mode === 'tag' ? 0.3 : 0.4;
    notes.push('followed by a different surname');
  }
  if (ctx.mode === 'tag') return f;
  const single = c.kind !== 'full-name' && c.kind !== 'first-initial';
  if (!single) return m.cap || !ctx.casingInformative ? f : f * 0.95;
  const lower = ctx.casingInformative && !m.cap;
  if (m.commonWord) {
    // Grant, Will, Hope…: a word unless something marks it as a person.
    if (m.cue) {
      if (lower) notes.push('lowercase');
      return f * (lower ? 0.6 : ctx.casingInformative ? 1 : 0.8);
    }
    if (!ctx.casingInformative || lower || m.sentenceStart) return null;
    notes.push('also a common word, no cue');
    return f * 0.7;
  }
  if (lower) {
    notes.push('lowercase');
    return f * (m.cue ? 0.95 : 0.8);
  }
  if (c.typo && m.sentenceStart && !m.cue) return f * 0.8;
  return f;
}

function isActive(p: IndexedPerson, t: number | null): boolean {
  return t === null || (t >= p.fromMs - GRACE_BEFORE_MS && t <= p.toMs + GRACE_AFTER_MS);
}

/** Scores one mention: evidence, then employment dates, location and ambiguity. */
export function scoreMention(index: NameIndex, m: Mention, ctx: ScoreContext): Scored[] {
  let group: { c: RawCandidate; p: IndexedPerson; f: number; notes: string[] }[] = [];
  for (const c of m.candidates) {
    const notes: string[] = [];
    const f = wordEvidence(m, c, ctx, notes);
    if (f !== null) group.push({ c, p: index.people[c.person]!, f, notes });
  }
  if (group.length === 0) return [];

  // Employment dates: people not working here then drop out if anyone else fits, else are demoted.
  const active = group.filter((g) => isActive(g.p, ctx.publishedMs));
  if (active.length > 0) group = active;
  else {
    for (const g of group) {
      g.f *= 0.5;
      g.notes.push('not on the roster at the review date');
    }
  }

  // Location: people of the review's location (or of none) are the pool; others only if no one there fits.
  if (ctx.locationId !== null) {
    const here = group.filter((g) => g.p.locationId === ctx.locationId || g.p.locationId === null);
    if (here.length > 0) group = here;
    else {
      for (const g of group) {
        // A full name (or initial) is specific enough that a cross-location sale is plausible.
        g.f *= g.c.kind === 'full-name' || g.c.kind === 'first-initial' ? 0.85 : 0.55;
        g.notes.push('works at another location');
      }
    }
  }

  // A given name beats a nickname reading of the same word ("Mike" the Mike over "Mike" for Michael).
  let demoted: typeof group = [];
  if (group.some((g) => g.c.kind !== 'nickname') && group.some((g) => g.c.kind === 'nickname')) {
    demoted = group.filter((g) => g.c.kind === 'nickname');
    group = group.filter((g) => g.c.kind !== 'nickname');
    for (const g of demoted) {
      g.f *= 0.4;
      g.notes.push('someone else has this as their own name');
    }
  }

  // Still several people: keep all, at a share of the confidence, rather than guess.
  if (group.length > 1) {
    for (const g of group) {
      g.f /= group.length;
      g.notes.push(`ambiguous: ${group.length} people match`);
    }
  } else {
    const only = group[0];
    const here = only && ctx.locationId !== null && (only.p.locationId === ctx.locationId || only.p.locationId === null);
    if (only && here && (only.c.kind === 'first-name' || only.c.kind === 'alias')) only.notes.push('unique at the location');
  }

  return [...group, ...demoted].map((g) => {
    let base = BASE[ctx.mode][g.c.kind];
    if (g.c.viaNickname && g.c.kind !== 'nickname') base *= NICK_IN_FULL;
    if (m.cue && g.c.kind !== 'full-name' && g.c.kind !== 'first-initial') base += CUE_BONUS;
    const confidence = Math.round(Math.min(1, base * g.f) * 1000) / 1000;
    const notes = m.cue ? [`cue "${m.cue}"`, ...g.notes] : g.notes;
    return { person: g.p, kind: g.c.kind, confidence, notes, mention: m };
  });
}
