/**
 * Word-pattern matching over token arrays, shared by the sentiment lexicon and
 * the theme lexicons. Patterns are compiled once into maps keyed by their first
 * token, so matching a review costs one or two map lookups per token instead of
 * one regex per lexicon entry.
 *
 * Pattern syntax (case-insensitive, one pattern = one or more space-separated slots):
 *   word      the word itself (hyphenated words are split: "follow-up" = "follow up")
 *   word*     any word starting with "word"
 *   *         any single word (not allowed as the first slot)
 *   a|b|c     any of the alternatives (each may end in *)
 *   slot?     the slot may be absent ("waited for? hours")
 */
import { tokenize, type Token } from './tokenize';

type Matcher = { kind: 'exact'; value: string } | { kind: 'prefix'; value: string } | { kind: 'any' };

export interface PatternMatch<T> {
  payload: T;
  /** Number of tokens consumed. */
  length: number;
}

export interface PatternIndexOptions {
  /** A plain word also matches its plural ("waiter" matches "waiters", "dish" matches "dishes"). */
  plurals?: boolean;
}

/** Guards against a runaway pattern; the trie shares common starts, so a few hundred forms are cheap. */
const MAX_EXPANSIONS = 2048;

function parseSlot(slot: string): { optional: boolean; choices: Matcher[][] } {
  const optional = slot.length > 1 && slot.endsWith('?');
  const body = optional ? slot.slice(0, -1) : slot;
  const choices: Matcher[][] = [];
  for (const alt of body.split('|')) {
    if (alt === '') continue;
    if (alt === '*') choices.push([{ kind: 'any' }]);
    else if (alt.endsWith('*')) {
      const words = tokenize(alt.slice(0, -1)).map((t) => t.norm);
      if (words.length === 0) throw new Error(`pattern slot "${slot}" has an empty prefix`);
      const last = words.pop()!;
      choices.push([...words.map((value): Matcher => ({ kind: 'exact', value })), { kind: 'prefix', value: last }]);
    } else {
      const words = tokenize(alt).map((t) => t.norm);
      if (words.length === 0) throw new Error(`pattern slot "${slot}" has no word in it`);
      choices.push(words.map((value): Matcher => ({ kind: 'exact', value })));
    }
  }
  if (choices.length === 0) throw new Error(`empty pattern slot "${slot}"`);
  return { optional, choices };
}

/** Expands one pattern into the concrete matcher sequences it stands for. */
export function expandPattern(pattern: string): Matcher[][] {
  const slots = pattern.trim().split(/\s+/).filter((s) => s !== '').map(parseSlot);
  let seqs: Matcher[][] = [[]];
  for (const slot of slots) {
    const next: Matcher[][] = [];
    for (const seq of seqs) {
      if (slot.optional) next.push(seq);
      for (const choice of slot.choices) next.push([...seq, ...choice]);
    }
    if (next.length > MAX_EXPANSIONS) throw new Error(`pattern "${pattern}" expands to more than ${MAX_EXPANSIONS} forms`);
    seqs = next;
  }
  const usable = seqs.filter((s) => s.length > 0);
  if (usable.length === 0) throw new Error(`pattern "${pattern}" matches nothing`);
  for (const s of usable) if (s[0]!.kind === 'any') throw new Error(`pattern "${pattern}" cannot start with a bare *`);
  return usable;
}

const NO_MATCHES: readonly never[] = Object.freeze([]);

/** The first three UTF-16 units of a word as one number (each below 2^16, so the key is exact). */
function startKey(word: string): number {
  return (word.charCodeAt(0) * 65536 + word.charCodeAt(1)) * 65536 + word.charCodeAt(2);
}

/**
 * One trie node per distinct matcher path, so the many expansions of a pattern
 * ("wait*|waited for? over|… hour*|forever") share their common start and each
 * token is compared once per path, not once per expansion.
 */
class TrieNode<T> {
  exact: Map<string, TrieNode<T>> | undefined;
  prefixes: [string, TrieNode<T>][] | undefined;
  any: TrieNode<T> | undefined;
  /** Patterns ending here, with their insertion order (ties go to the first added). */
  ends: { payload: T; order: number }[] | undefined;

  child(m: Matcher): TrieNode<T> {
    if (m.kind === 'any') return (this.any ??= new TrieNode<T>());
    if (m.kind === 'exact') {
      this.exact ??= new Map();
      let next = this.exact.get(m.value);
      if (!next) this.exact.set(m.value, (next = new TrieNode<T>()));
      return next;
    }
    this.prefixes ??= [];
    const found = this.prefixes.find(([p]) => p === m.value);
    if (found) return found[1];
    const next = new TrieNode<T>();
    this.prefixes.push([m.value, next]);
    return next;
  }
}

export class PatternIndex<T> {
  /** Roots by exact first word. */
  private readonly exact = new Map<string, TrieNode<T>>();
  /** Roots for prefix first words (three letters or more), bucketed by their first three letters (as a number: no string per token). */
  private readonly byStart = new Map<number, [string, TrieNode<T>][]>();
  /** Roots for prefixes shorter than three letters: tried for every token (keep them rare). */
  private readonly shortPrefixed: [string, TrieNode<T>][] = [];
  private readonly plurals: boolean;
  private count = 0;

  constructor(options: PatternIndexOptions = {}) {
    this.plurals = options.plurals ?? false;
  }

  /** Adds a pattern; all its expansions carry the same payload. */
  add(pattern: string, payload: T): void {
    for (const seq of expandPattern(pattern)) {
      const first = seq[0]!;
      let node: TrieNode<T>;
      if (first.kind === 'exact') {
        node = this.exact.get(first.value) ?? new TrieNode<T>();
        this.exact.set(first.value, node);
      } else {
        const bucket = first.kind === 'prefix' && first.value.length >= 3 ? this.bucket(startKey(first.value)) : this.shortPrefixed;
        const value = first.kind === 'prefix' ? first.value : '';
        let root = bucket.find(([p]) => p === value);
        if (!root) bucket.push((root = [value, new TrieNode<T>()]));
        node = root[1];
      }
      for (let k = 1; k < seq.length; k++) node = node.child(seq[k]!);
      (node.ends ??= []).push({ payload, order: this.count++ });
    }
  }

  private bucket(start: number): [string, TrieNode<T>][] {
    let b = this.byStart.get(start);
    if (!b) this.byStart.set(start, (b = []));
    return b;
  }

  /** Number of concrete word sequences indexed (after expanding alternatives and optional words). */
  get size(): number {
    return this.count;
  }

  // The running best match of the current search: fields, not an object, so a
  // search allocates nothing unless it finds something (searches never nest).
  private bestNode: { payload: T; order: number } | undefined;
  private bestLength = 0;

  /** Walks the trie from `node`, which matched `depth` tokens ending before `at`; records every pattern end. */
  private walk(node: TrieNode<T>, tokens: readonly Token[], at: number, depth: number, all: PatternMatch<T>[] | null): void {
    if (node.ends !== undefined) {
      for (const e of node.ends) {
        if (all !== null) all.push({ payload: e.payload, length: depth });
        const b = this.bestNode;
        if (b === undefined || depth > this.bestLength || (depth === this.bestLength && e.order < b.order)) {
          this.bestNode = e;
          this.bestLength = depth;
        }
      }
    }
    const token = tokens[at];
    if (token === undefined) return;
    const t = token.norm;
    if (node.exact !== undefined) {
      const next = node.exact.get(t);
      if (next !== undefined) this.walk(next, tokens, at + 1, depth + 1, all);
      if (this.plurals && token.kind === 'word') this.walkSingulars(node.exact, t, tokens, at + 1, depth + 1, all);
    }
    // Punctuation only matches itself ("$" in a price theme); prefixes and wildcards never cover it.
    if (token.kind === 'punct') return;
    if (node.prefixes !== undefined) {
      for (const [p, next] of node.prefixes) if (t.startsWith(p)) this.walk(next, tokens, at + 1, depth + 1, all);
    }
    if (node.any !== undefined && token.kind === 'word') this.walk(node.any, tokens, at + 1, depth + 1, all);
  }

  /** Follows the singular forms of a plural-looking word ("waiters" → waiter; "dishes" → dishe, dish). */
  private walkSingulars(map: Map<string, TrieNode<T>>, t: string, tokens: readonly Token[], at: number, depth: number, all: PatternMatch<T>[] | null): void {
    if (t.length <= 3 || t.charCodeAt(t.length - 1) !== 115) return;
    const one = map.get(t.slice(0, -1));
    if (one !== undefined) this.walk(one, tokens, at, depth, all);
    if (t.charCodeAt(t.length - 2) === 101) {
      const two = map.get(t.slice(0, -2));
      if (two !== undefined) this.walk(two, tokens, at, depth, all);
    }
  }

  /**
   * Tries every pattern that could start at this token: same first word, its
   * singular, a prefix sharing the first three letters, short prefixes.
   * Leaves the longest match in bestNode/bestLength.
   */
  private search(tokens: readonly Token[], at: number, all: PatternMatch<T>[] | null): boolean {
    this.bestNode = undefined;
    this.bestLength = 0;
    const token = tokens[at];
    if (token === undefined) return false;
    const t = token.norm;
    const root = this.exact.get(t);
    if (root !== undefined) this.walk(root, tokens, at + 1, 1, all);
    if (token.kind !== 'punct') {
      if (this.plurals) this.walkSingulars(this.exact, t, tokens, at + 1, 1, all);
      if (this.byStart.size > 0 && t.length >= 3) {
        const bucket = this.byStart.get(startKey(t));
        if (bucket !== undefined) for (const [p, r] of bucket) if (t.startsWith(p)) this.walk(r, tokens, at + 1, 1, all);
      }
      for (const [p, r] of this.shortPrefixed) if (t.startsWith(p)) this.walk(r, tokens, at + 1, 1, all);
    }
    return this.bestNode !== undefined;
  }

  /** Every pattern matching at `at` (for per-payload decisions). */
  allAt(tokens: readonly Token[], at: number): readonly PatternMatch<T>[] {
    const all: PatternMatch<T>[] = [];
    return this.search(tokens, at, all) ? all : NO_MATCHES;
  }

  /** The longest pattern matching at `at` (the first added wins a tie), or undefined. */
  matchAt(tokens: readonly Token[], at: number): PatternMatch<T> | undefined {
    return this.search(tokens, at, null) ? { payload: this.bestNode!.payload, length: this.bestLength } : undefined;
  }
}

