/**
 * Compiles a validated theme lexicon into one PatternIndex, once per lexicon, so
 * detection is a map lookup per token however many patterns the lexicon has.
 */
import { PatternIndex } from '../text/patterns';
import { themeLexiconSchema, type ThemeLexicon, type ThemeLexiconInput } from './schema';

export interface ThemeMatchPayload {
  /** Index into `themes`. */
  theme: number;
  /** An exclusion: this span is not a mention of the theme. */
  exclude: boolean;
}

export interface CompiledThemeLexicon {
  readonly name: string;
  readonly themes: readonly { key: string; label: string }[];
  readonly index: PatternIndex<ThemeMatchPayload>;
}

export function compileThemeLexicon(input: ThemeLexicon | ThemeLexiconInput): CompiledThemeLexicon {
  const lexicon = themeLexiconSchema.parse(input);
  const index = new PatternIndex<ThemeMatchPayload>({ plurals: true });
  lexicon.themes.forEach((t, theme) => {
    for (const p of t.patterns) index.add(p, { theme, exclude: false });
    for (const p of t.exclude) index.add(p, { theme, exclude: true });
  });
  return { name: lexicon.name, themes: lexicon.themes.map((t) => ({ key: t.key, label: t.label })), index };
}

export function isCompiledThemeLexicon(x: unknown): x is CompiledThemeLexicon {
  return typeof x === 'object' && x !== null && (x as CompiledThemeLexicon).index instanceof PatternIndex;
}
