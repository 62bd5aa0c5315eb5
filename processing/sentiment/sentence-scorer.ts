/**
 * The per-sentence rule engine behind analyseSentence. A class rather than a
 * function with inner closures: the runtime (tsx/esbuild with keepNames) wraps
 * every named closure on creation, which cost more than the scoring itself.
 */
import type { Token } from '../text/tokenize';
import type { Hit, SentenceAnalysis } from './analyse';
import { RULES } from './rules';
import { lookupWord, type LexEntry, type SentimentLexicon } from './lexicon';
import { NEGATION_TRANSPARENT, TOO_FLIP_MAX, TOO_WORDS } from './lexicon-rules';

type ClauseKind = 'plain' | 'contrast' | 'concession';

export class SentenceScorer {
  private readonly hits: Hit[] = [];
  private readonly clauseOf: number[];
  private readonly kinds: ClauseKind[] = ['plain'];
  private clause = 0;
  private negLeft = 0;
  private negCaps = false;
  private modFactor = 1;
  private modLeft = 0;
  private modAlone = 0;
  private modPos = -1;
  private tooLeft = 0;

  constructor(
    private readonly lex: SentimentLexicon,
    private readonly tokens: Token[],
    private readonly capsEmphasis: boolean,
  ) {
    this.clauseOf = new Array<number>(tokens.length);
  }

  private openClause(kind: ClauseKind): void {
    this.kinds.push(kind);
    this.clause = this.kinds.length - 1;
  }

  /** A degree word that found nothing to modify may still count on its own ("super!"). */
  private dropModifier(): void {
    if (this.modLeft > 0 && this.modAlone !== 0) {
      this.hits.push({ pos: this.modPos, value: this.modAlone, base: this.modAlone, clause: this.clauseOf[this.modPos] ?? this.clause });
    }
    this.modLeft = 0;
    this.modAlone = 0;
  }

  /** Moves the negation, degree and "too" windows past `len` tokens. */
  private advance(len: number): void {
    this.negLeft -= len;
    this.tooLeft -= len;
    if (this.modLeft > 0 && (this.modLeft -= len) <= 0) {
      this.modLeft = 1;
      this.dropModifier();
    }
  }

  private push(v: number, pos: number, caps: boolean): void {
    const value = caps ? v * RULES.capsFactor : v;
    this.hits.push({ pos, value, base: value, clause: this.clause });
  }

  /** Value of a sentiment entry in the current context (negation, "too", degree), or 0. */
  private valueOf(entry: Extract<LexEntry, { kind: 'sentiment' }>, word: string): number {
    const negated = this.negLeft > 0;
    let v: number;
    if (negated && entry.negated !== undefined) v = entry.negated;
    else {
      v = entry.value;
      if (this.tooLeft > 0) {
        if (v > 0 && v <= TOO_FLIP_MAX) v = -1;
        else if (v < 0) v *= 1.3;
        // "too big": a neutralised word that is a complaint after "too".
        else if (v === 0 && TOO_WORDS.has(word)) v = -1;
      }
      if (negated) v = v > 0 ? -RULES.negatedPositive * v : -RULES.negatedNegative * v;
    }
    if (v === 0) return 0;
    if (this.modLeft > 0) {
      // "not very good" is milder than "not good": an intensifier weakens under negation.
      v *= negated && this.modFactor > 1 ? 1 / this.modFactor : this.modFactor;
      this.modLeft = 0;
      this.modAlone = 0;
    }
    if (negated && this.negCaps) v *= 1.2;
    return v;
  }

  run(text: string): SentenceAnalysis {
    const { tokens, lex, clauseOf } = this;
    const n = tokens.length;
    let exclamations = 0;
    let wordsSeen = 0;
    let concessionOpen = false;
    let leadingContrast = false;
    let i = 0;
    while (i < n) {
      const tok = tokens[i]!;
      if (tok.kind === 'punct') {
        clauseOf[i] = this.clause;
        const c = tok.norm;
        if (c === '!') exclamations++;
        else if (c === ',' || c === ';' || c === ':') {
          this.negLeft = 0;
          this.tooLeft = 0;
          this.dropModifier();
          if (concessionOpen || c === ';') {
            this.openClause('plain');
            concessionOpen = false;
          }
        }
        i++;
        continue;
      }
      const match = lex.phrases.matchAt(tokens, i);
      const len = match === undefined ? 1 : match.length;
      const entry = match === undefined ? lookupWord(lex, tok.norm) : match.payload;
      let caps = false;
      if (this.capsEmphasis) for (let k = i; k < i + len; k++) caps ||= tokens[k]!.caps;
      const kind = entry === undefined ? 'none' : entry.kind;

      if (kind === 'contrast' || kind === 'concession') {
        if (kind === 'contrast' && wordsSeen === 0) leadingContrast = true;
        else this.openClause(kind);
        concessionOpen = kind === 'concession';
        this.negLeft = 0;
        this.tooLeft = 0;
        this.dropModifier();
      }
      for (let k = i; k < i + len; k++) clauseOf[k] = this.clause;
      wordsSeen += len;

      if (entry === undefined) {
        // "too long", "too small": neutral words that are complaints after "too".
        if (this.tooLeft > 0 && TOO_WORDS.has(tok.norm)) {
          this.push(this.negLeft > 0 ? RULES.negatedNegative : -1, i, caps);
          this.tooLeft = 0;
        }
        if (len === 1 && this.negLeft > 0 && NEGATION_TRANSPARENT.has(tok.norm)) this.negLeft++;
        this.advance(len);
      } else if (entry.kind === 'skip') {
        this.advance(len);
      } else if (entry.kind === 'negator') {
        this.negLeft = RULES.negationWindow;
        this.negCaps = caps;
      } else if (entry.kind === 'modifier') {
        this.modFactor = this.modLeft > 0 ? Math.min(this.modFactor * entry.factor, RULES.maxModifier) : entry.factor;
        if (caps) this.modFactor = Math.min(this.modFactor * 1.2, RULES.maxModifier);
        this.modLeft = RULES.modifierWindow;
        this.modAlone = entry.alone;
        this.modPos = i;
      } else if (entry.kind === 'too') {
        this.tooLeft = 2;
      } else if (entry.kind === 'sentiment') {
        const v = this.valueOf(entry, tok.norm);
        if (v !== 0) {
          this.push(v, i, caps);
          this.tooLeft = 0;
        }
        this.advance(len);
      }
      i += len;
    }
    this.dropModifier();
    return this.finish(text, exclamations, leadingContrast);
  }

  /**
   * Clause weights: a contrast discounts everything before it and stresses what
   * follows, but only when something opinionated follows ("Best pizza yet" has
   * no second clause). Concession clauses ("although …") count less.
   */
  private finish(text: string, exclamations: number, leadingContrast: boolean): SentenceAnalysis {
    const { hits, kinds } = this;
    const clauseSums = new Array<number>(kinds.length).fill(0);
    for (const h of hits) clauseSums[h.clause]! += h.value;
    const weights = new Array<number>(kinds.length).fill(1);
    for (let c = 0; c < kinds.length; c++) {
      if (kinds[c] === 'concession') weights[c]! *= RULES.concession;
      else if (kinds[c] === 'contrast' && clauseSums[c] !== 0) {
        for (let k = 0; k < c; k++) weights[k]! *= RULES.beforeContrast;
        weights[c]! *= RULES.afterContrast;
      }
    }
    let raw = 0;
    for (const h of hits) {
      h.value *= weights[h.clause]!;
      raw += h.value;
    }
    if (raw !== 0 && exclamations > 0) {
      raw += Math.sign(raw) * RULES.exclamation * Math.min(exclamations, RULES.maxExclamations);
    }
    return { text, tokens: this.tokens, hits, clauseOf: this.clauseOf, clauseSums, raw, leadingContrast };
  }
}
