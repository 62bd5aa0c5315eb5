import { distance } from 'fastest-levenshtein';
import {
  COMMON_WORDS,
  COMMON_WORD_NAMES,
  DESCRIPTORS,
  FOLLOWING_CUES,
  HONORIFICS,
  LINKING_VERBS,
  NAME_LINKS,
  PRECEDING_CUES,
  PRECEDING_PAIR_CUES,
} from './lexicon';
import { deletionVariants, maxTypos, type IndexedPerson, type NameIndex, type TokenHit } from './name-index';
import type { Token } from './normalise';
import type { MatchKind } from './types';

/**
 * Turns a token stream into mentions: places where one or more roster people
 * are named, with the evidence around each (cues, capitalisation, typos). No
 * scoring here; see score.ts. Work per word is a Map lookup; typo search runs
 * only for capitalised or cued words of 5+ letters.
 */

export type ScanMode = 'text' | 'tag';

export interface RawCandidate {
  person: number;
  kind: MatchKind;
  /** Edit distance of the worst-matching word (0 = exact). */
  typo: number;
  /** The word after the given name looks like a different surname or initial. */
  surnameConflict: boolean;
  /** Reached through the built-in nickname table ("Mike" for Michael). */
  viaNickname: boolean;
}

export interface Mention {
  /** Token index range [start, end). */
  start: number;
  end: number;
  candidates: RawCandidate[];
  /** Words around it mark a person ("ask for", "helped", a linked name). */
  cue: string | null;
  /** The given-name word is also an everyday word (Grant, Will, Hope…). */
  commonWord: boolean;
  cap: boolean;
  sentenceStart: boolean;
}

function singleKind(role: TokenHit['role']): MatchKind {
  return role === 'alias' ? 'alias' : role === 'nick' ? 'nickname' : role === 'last' ? 'last-name' : 'first-name';
}

function isInitial(t: Token | undefined): t is Token {
  // "R." or "R" — but a bare "I"/"A" is a word, not an initial.
  return !!t && t.norm.length === 1 && t.cap && (t.dotAfter || (t.norm !== 'i' && t.norm !== 'a'));
}

function precedingCue(tokens: readonly Token[], i: number): string | null {
  const t = tokens[i];
  const p1 = tokens[i - 1];
  if (!t || !p1 || t.sentenceStart) return null;
  if (PRECEDING_CUES.has(p1.norm)) return p1.norm;
  const p2 = tokens[i - 2];
  if (p2 && !p1.sentenceStart && PRECEDING_PAIR_CUES.get(p1.norm)?.has(p2.norm)) return `${p2.norm} ${p1.norm}`;
  return null;
}

function followingCue(tokens: readonly Token[], end: number): string | null {
  const n1 = tokens[end];
  if (!n1 || n1.sentenceStart) return null;
  if (FOLLOWING_CUES.has(n1.norm)) return n1.norm;
  const n2 = tokens[end + 1];
  if (LINKING_VERBS.has(n1.norm) && n2 && !n2.sentenceStart && DESCRIPTORS.has(n2.norm)) return `${n1.norm} ${n2.norm}`;
  return null;
}

function isCommon(norm: string): boolean {
  return COMMON_WORD_NAMES.has(norm) || COMMON_WORDS.has(norm);
}

/** Given names/aliases within the allowed edit distance of `norm`, via the symmetric-delete index. */
function fuzzyKeys(index: NameIndex, norm: string): Map<string, number> {
  const found = new Map<string, number>();
  const d = maxTypos(norm.length);
  if (d === 0) return found;
  for (const v of deletionVariants(norm, d)) {
    const keys = index.deletions.get(v);
    if (!keys) continue;
    for (const key of keys) {
      if (found.has(key)) continue;
      const dist = distance(norm, key);
      if (dist > 0 && dist <= maxTypos(Math.min(norm.length, key.length))) found.set(key, dist);
    }
  }
  return found;
}

/** Does tokens[j…] spell the person's surname? Returns the end index and typo distance. */
function matchSurname(tokens: readonly Token[], j: number, p: IndexedPerson): { end: number; typo: number } | null {
  if (p.last.length === 0) return null;
  let typo = 0;
  for (let k = 0; k < p.last.length; k++) {
    const t = tokens[j + k];
    const want = p.last[k];
    if (!t || want === undefined || t.sentenceStart) return null;
    if (t.norm === want) continue;
    const allowed = maxTypos(Math.min(t.norm.length, want.length));
    if (allowed === 0 || Math.abs(t.norm.length - want.length) > allowed) return null;
    const d = distance(t.norm, want);
    if (d > allowed) return null;
    typo = Math.max(typo, d);
  }
  return { end: j + p.last.length, typo };
}

function candidate(
  person: number,
  kind: MatchKind,
  typo: number,
  surnameConflict: boolean,
  viaNickname: boolean,
  end: number,
): { cand: RawCandidate; end: number } {
  return { cand: { person, kind, typo, surnameConflict, viaNickname }, end };
}

function extend(
  index: NameIndex,
  tokens: readonly Token[],
  i: number,
  hit: TokenHit,
  typo: number,
  mode: ScanMode,
  casingInformative: boolean,
): { cand: RawCandidate; end: number } {
  const p = index.people[hit.person]!;
  let j = i + 1;
  // Skip middle names / quoted nicknames: 'Adrian "AyyDee" Cortes'.
  while (j < i + 3 && tokens[j] && !tokens[j]!.sentenceStart && p.between.has(tokens[j]!.norm)) j++;
  const viaNickname = hit.role === 'nick';
  const full = matchSurname(tokens, j, p);
  if (full) return candidate(hit.person, 'full-name', Math.max(typo, full.typo), false, viaNickname, full.end);
  const kind = singleKind(hit.role);
  const next = tokens[j];
  if (isInitial(next) && !next.sentenceStart && p.lastInitial) {
    return next.norm === p.lastInitial
      ? candidate(hit.person, 'first-initial', typo, false, viaNickname, j + 1)
      : candidate(hit.person, kind, typo, true, viaNickname, i + 1);
  }
  // A capitalised unknown word straight after the given name is probably someone else's surname
  // ("Bob Smith" when the roster's Bob is Bob Jones). In a tag, any other word after it is.
  let conflict = false;
  const after = tokens[i + 1];
  if (after && !after.sentenceStart && p.last.length > 0 && !p.between.has(after.norm)) {
    if (mode === 'tag') conflict = true;
    else conflict = casingInformative && after.cap && !isCommon(after.norm) && !index.tokens.has(after.norm);
  }
  return candidate(hit.person, kind, typo, conflict, viaNickname, i + 1);
}

const KIND_ORDER: Record<MatchKind, number> = { 'full-name': 0, 'first-initial': 1, alias: 2, 'first-name': 2, nickname: 2, 'last-name': 2 };

export function scanMentions(index: NameIndex, tokens: readonly Token[], mode: ScanMode, casingInformative: boolean): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const exact = index.tokens.get(t.norm);
    const phrases = index.phrases.size > 0 ? index.phrases.get(t.norm) : undefined;
    // Fast path: most words name nobody and are not typo candidates.
    if (!exact && !phrases && (t.norm.length < 5 || isCommon(t.norm))) continue;
    // The cue before the word, looked for at most once (undefined: not yet). Not a closure: tsx names every
    // function it compiles (esbuild keepNames), a defineProperty per closure, per candidate word.
    let preCue: string | null | undefined;
    const hits: { hit: TokenHit; typo: number }[] = [];
    if (exact) for (const hit of exact) hits.push({ hit, typo: 0 });
    else if (
      t.norm.length >= 5 &&
      !isCommon(t.norm) &&
      (mode === 'tag' || (casingInformative && t.cap) || (preCue = mode === 'text' ? precedingCue(tokens, i) : null))
    ) {
      for (const [key, typo] of fuzzyKeys(index, t.norm)) {
        for (const hit of index.tokens.get(key) ?? []) if (hit.role !== 'last') hits.push({ hit, typo });
      }
    }
    const cands: { cand: RawCandidate; end: number }[] = [];
    for (const { hit, typo } of hits) {
      if (hit.role === 'last') {
        const prev = tokens[i - 1];
        if (mode === 'tag' || (prev && HONORIFICS.has(prev.norm))) cands.push({ cand: { person: hit.person, kind: 'last-name', typo, surnameConflict: false, viaNickname: false }, end: i + 1 });
      } else cands.push(extend(index, tokens, i, hit, typo, mode, casingInformative));
    }
    // Multi-word aliases ("Big Mike").
    for (const ph of phrases ?? []) {
      if (ph.words.every((w, k) => tokens[i + k]?.norm === w)) cands.push({ cand: { person: ph.person, kind: 'alias', typo: 0, surnameConflict: false, viaNickname: false }, end: i + ph.words.length });
    }
    if (cands.length === 0) continue;
    // Keep the strongest kind only: a full name found here settles who this mention is.
    const bestOrder = Math.min(...cands.map((c) => KIND_ORDER[c.cand.kind]));
    const kept = cands.filter((c) => KIND_ORDER[c.cand.kind] === bestOrder);
    // Same person reached twice (e.g. as alias and nickname): keep its best reading.
    const byPerson = new Map<number, { cand: RawCandidate; end: number }>();
    for (const c of kept) {
      const prev = byPerson.get(c.cand.person);
      if (!prev || c.cand.typo < prev.cand.typo || (c.cand.kind !== 'nickname' && prev.cand.kind === 'nickname')) byPerson.set(c.cand.person, c);
    }
    const end = Math.max(...kept.map((c) => c.end));
    mentions.push({
      start: i,
      end,
      candidates: [...byPerson.values()].map((c) => c.cand),
      cue: mode === 'text' ? ((preCue === undefined ? precedingCue(tokens, i) : preCue) ?? followingCue(tokens, end)) : null,
      commonWord: isCommon(t.norm),
      cap: t.cap,
      sentenceStart: t.sentenceStart,
    });
    i = end - 1;
  }
  if (mode === 'text') linkCues(tokens, mentions);
  return mentions;
}

/** "Drew and Mark were great": a cue on one name in a list carries to its neighbours. */
function linkCues(tokens: readonly Token[], mentions: Mention[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k + 1 < mentions.length; k++) {
      const a = mentions[k]!;
      const b = mentions[k + 1]!;
      const gap = b.start - a.end;
      const linked = (gap === 0 || (gap === 1 && NAME_LINKS.has(tokens[a.end]!.norm))) && !tokens[a.end]!.sentenceStart && !b.sentenceStart;
      if (!linked) continue;
      if (a.cue && !b.cue) b.cue = `listed with ${a.cue}`;
      else if (b.cue && !a.cue) a.cue = `listed with ${b.cue}`;
    }
  }
}
