/**
 * Theme detection with per-theme polarity. A theme's polarity comes from the
 * sentiment hits of the sentences that mention it, weighted by closeness to the
 * mention and discounted across a "but"/"although" clause boundary, so in "great
 * food but slow service" food is positive and service negative.
 */
import { analyseText, normalise, type SentenceAnalysis, type TextAnalysis } from '../sentiment/analyse';
import { compileThemeLexicon, isCompiledThemeLexicon, type CompiledThemeLexicon } from './compile';
import type { ThemeLexicon, ThemeLexiconInput } from './schema';

export interface DetectedTheme {
  /** Theme key from the lexicon. */
  theme: string;
  label: string;
  /** −1…1; 0 when the sentences mentioning the theme carry no opinion. */
  polarity: number;
  /** Matched terms as written (lowercased), first occurrence order, no repeats. */
  mentions: string[];
  /** The mentioning sentence with the strongest opinion about the theme (the first when none has one). */
  sentence: string;
}

export const THEME_RULES = {
  /** Hit weight = 1 / (1 + distance / proximityScale): a word six tokens away counts half. */
  proximityScale: 6,
  /** A hit in another clause of the sentence counts this much. */
  otherClause: 0.3,
} as const;

const compiledCache = new WeakMap<object, CompiledThemeLexicon>();

function compiled(lexicon: CompiledThemeLexicon | ThemeLexicon | ThemeLexiconInput): CompiledThemeLexicon {
  if (isCompiledThemeLexicon(lexicon)) return lexicon;
  let c = compiledCache.get(lexicon);
  if (!c) {
    c = compileThemeLexicon(lexicon);
    compiledCache.set(lexicon, c);
  }
  return c;
}

interface Mention {
  theme: number;
  pos: number;
  length: number;
}

function findMentions(s: SentenceAnalysis, lex: CompiledThemeLexicon): Mention[] {
  const out: Mention[] = [];
  const tokens = s.tokens;
  const coveredUntil = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const matches = lex.index.allAt(tokens, i);
    if (matches.length === 0) continue;
    // Per theme, the longest match at this position decides; an exclusion wins a tie.
    const best = new Map<number, { length: number; exclude: boolean }>();
    for (const m of matches) {
      const b = best.get(m.payload.theme);
      if (!b || m.length > b.length || (m.length === b.length && m.payload.exclude)) {
        best.set(m.payload.theme, { length: m.length, exclude: m.payload.exclude });
      }
    }
    for (const [theme, b] of best) {
      if ((coveredUntil.get(theme) ?? 0) > i) continue;
      coveredUntil.set(theme, i + b.length);
      if (!b.exclude) out.push({ theme, pos: i, length: b.length });
    }
  }
  return out;
}

/** Opinion about the words at [pos, pos+length) in this sentence, before normalisation. */
function mentionRaw(s: SentenceAnalysis, pos: number, length: number): number {
  const clause = s.clauseOf[pos];
  let raw = 0;
  for (const h of s.hits) {
    const d = h.pos < pos ? pos - h.pos : h.pos >= pos + length ? h.pos - (pos + length - 1) : 0;
    const w = 1 / (1 + d / THEME_RULES.proximityScale);
    raw += h.base * w * (h.clause === clause ? 1 : THEME_RULES.otherClause);
  }
  return raw;
}

interface Acc {
  raw: number;
  mentions: string[];
  sentence: string;
  strongest: number;
}

/**
 * Themes of a review in order of first mention. Accepts text or an existing
 * analysis (scoreLine passes its own to avoid a second pass), and a compiled
 * lexicon or a plain definition (compiled once and cached).
 */
export function detectThemes(
  input: string | TextAnalysis,
  lexicon: CompiledThemeLexicon | ThemeLexicon | ThemeLexiconInput,
): DetectedTheme[] {
  const lex = compiled(lexicon);
  const analysis = typeof input === 'string' ? analyseText(input) : input;
  const acc = new Map<number, Acc>();
  for (const s of analysis.sentences) {
    const mentions = findMentions(s, lex);
    if (mentions.length === 0) continue;
    // Several mentions of one theme in a sentence share its opinion words: average, don't add.
    const perTheme = new Map<number, { sum: number; n: number }>();
    for (const m of mentions) {
      const a = acc.get(m.theme) ?? { raw: 0, mentions: [], sentence: s.text, strongest: 0 };
      acc.set(m.theme, a);
      const term = s.tokens.slice(m.pos, m.pos + m.length).map((t) => t.norm).join(' ');
      if (!a.mentions.includes(term)) a.mentions.push(term);
      const p = perTheme.get(m.theme) ?? { sum: 0, n: 0 };
      p.sum += mentionRaw(s, m.pos, m.length);
      p.n++;
      perTheme.set(m.theme, p);
    }
    for (const [theme, p] of perTheme) {
      const a = acc.get(theme)!;
      const raw = p.sum / p.n;
      a.raw += raw;
      if (Math.abs(raw) > a.strongest) {
        a.strongest = Math.abs(raw);
        a.sentence = s.text;
      }
    }
  }
  const out: DetectedTheme[] = [];
  for (const [theme, a] of acc) {
    const t = lex.themes[theme]!;
    out.push({
      theme: t.key,
      label: t.label,
      polarity: Math.round(normalise(a.raw) * 10_000) / 10_000,
      mentions: a.mentions,
      sentence: a.sentence,
    });
  }
  return out;
}
