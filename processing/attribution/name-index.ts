import { nicknameForms } from './nicknames';
import { normaliseName } from './normalise';
import type { RosterPerson } from './types';

/**
 * Precomputed lookup structures over a roster, built once and reused for every
 * review: finding names is then one tokenization plus Map lookups per word,
 * whatever the roster size.
 */

export type TokenRole = 'first' | 'alias' | 'nick' | 'last';

export interface IndexedPerson {
  idx: number;
  id: string;
  displayName: string;
  /** Folded first given name, or null. */
  first: string | null;
  /** Folded surname words ("de la cruz" → ["de","la","cruz"]), possibly empty. */
  last: string[];
  lastInitial: string | null;
  /** Single-word aliases (folded). */
  aliases: Set<string>;
  /** Words that may sit between a given name and the surname: middle names, rest of the first name, aliases. */
  between: Set<string>;
  locationId: string | null;
  /** Active range as epoch ms (±Infinity when open). */
  fromMs: number;
  toMs: number;
}

export interface TokenHit {
  person: number;
  role: TokenRole;
}

export interface NameIndex {
  people: IndexedPerson[];
  byId: Map<string, IndexedPerson>;
  /** Folded word → people it can name, with the role it plays for each. */
  tokens: Map<string, TokenHit[]>;
  /** Multi-word aliases, keyed by their first word. */
  phrases: Map<string, { words: string[]; person: number }[]>;
  /** Symmetric-delete index for typo tolerance: deletion variant → given names/aliases (≥ 5 letters). */
  deletions: Map<string, Set<string>>;
}

const QUOTED = /["“”«»]([^"“”«»]+)["“”«»]|\(([^)]+)\)/g;

function parseDate(s: string | undefined, fallback: number): number {
  if (!s) return fallback;
  const t = Date.parse(s);
  return Number.isNaN(t) ? fallback : t;
}

/** Maximum edit distance allowed for a name of this length: never for short names. */
export function maxTypos(length: number): number {
  return length >= 8 ? 2 : length >= 5 ? 1 : 0;
}

/** All strings obtained by deleting up to `d` characters from `s` (including s itself). */
export function deletionVariants(s: string, d: number): Set<string> {
  const out = new Set<string>([s]);
  let frontier = [s];
  for (let step = 0; step < d; step++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

function addHit(map: Map<string, TokenHit[]>, key: string, hit: TokenHit): void {
  const list = map.get(key);
  if (!list) map.set(key, [hit]);
  else if (!list.some((h) => h.person === hit.person && h.role === hit.role)) list.push(hit);
}

export function buildNameIndex(roster: readonly RosterPerson[]): NameIndex {
  const people: IndexedPerson[] = [];
  const byId = new Map<string, IndexedPerson>();
  const tokens = new Map<string, TokenHit[]>();
  const phrases = new Map<string, { words: string[]; person: number }[]>();
  const deletions = new Map<string, Set<string>>();
  const fuzzyKeys = new Set<string>();

  roster.forEach((p, idx) => {
    // Quoted or bracketed parts of the display name are nicknames: 'Adrian "AyyDee" Cortes', 'Michael (Mike) Reyes'.
    const quoted: string[] = [];
    const plain = p.displayName.replace(QUOTED, (_m, q?: string, b?: string) => {
      quoted.push((q ?? b ?? '').trim());
      return ' ';
    });
    const displayWords = normaliseName(plain).split(' ').filter(Boolean);
    const firstWords = p.firstName ? normaliseName(p.firstName).split(' ').filter(Boolean) : displayWords.slice(0, 1);
    const last = p.lastName
      ? normaliseName(p.lastName).split(' ').filter(Boolean)
      : displayWords.length > 1
        ? displayWords.slice(-1)
        : [];
    const first = firstWords[0] ?? null;
    const aliases = new Set<string>();
    for (const a of [...p.aliases, ...quoted]) {
      const words = normaliseName(a).split(' ').filter(Boolean);
      const [w0] = words;
      if (!w0) continue;
      if (words.length === 1) aliases.add(w0);
      else {
        const list = phrases.get(w0) ?? [];
        list.push({ words, person: idx });
        phrases.set(w0, list);
      }
    }
    const between = new Set<string>([...firstWords.slice(1), ...aliases, ...displayWords.slice(1, displayWords.length - Math.max(1, last.length))]);
    const person: IndexedPerson = {
      idx,
      id: p.id,
      displayName: p.displayName,
      first,
      last,
      lastInitial: last[0]?.[0] ?? null,
      aliases,
      between,
      locationId: p.locationId,
      fromMs: parseDate(p.active?.from, -Infinity),
      toMs: parseDate(p.active?.to, Infinity),
    };
    people.push(person);
    byId.set(p.id, person);

    if (first) {
      addHit(tokens, first, { person: idx, role: 'first' });
      fuzzyKeys.add(first);
      for (const nick of nicknameForms(first)) if (!aliases.has(nick)) addHit(tokens, nick, { person: idx, role: 'nick' });
    }
    for (const a of aliases) {
      addHit(tokens, a, { person: idx, role: 'alias' });
      fuzzyKeys.add(a);
    }
    // A single-word surname can name the person after an honorific ("Mr. Cortes").
    const [lastOnly] = last;
    if (last.length === 1 && lastOnly) addHit(tokens, lastOnly, { person: idx, role: 'last' });
  });

  for (const key of fuzzyKeys) {
    const d = maxTypos(key.length);
    if (d === 0) continue;
    for (const v of deletionVariants(key, d)) {
      const set = deletions.get(v) ?? new Set<string>();
      set.add(key);
      deletions.set(v, set);
    }
  }
  return { people, byId, tokens, phrases, deletions };
}
