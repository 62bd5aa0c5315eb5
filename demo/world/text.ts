import { EMOJI, EN_CLOSINGS, EN_NAME_LINES, EN_OPENINGS, EN_RESPONSES, EN_THEMES, EN_TITLES, VEHICLES } from './phrases-en';
import { ES_CLOSINGS, ES_NAME_LINES, ES_OPENINGS, ES_RESPONSES, ES_THEMES, ES_TITLES } from './phrases-es';
import type { Rng } from '../../core/rng';
import type { DemoPerson, DemoTheme } from './types';
import { DEMO_THEMES } from './types';

/**
 * Builds a review's title and text from templates. The themes and the people
 * named are returned too: they are the ground truth the theme tagger and the
 * name attribution are checked against.
 */

export type ThemeWeights = Partial<Record<DemoTheme, number>>;

export interface ComposeInput {
  rating: number;
  language: 'en' | 'es';
  /** People the text may name (usually the tagged employees first). */
  namable: readonly DemoPerson[];
  mentionChance: number;
  /** Extra weight per theme, separately for praise and complaints (the story's bias). */
  posWeights?: ThemeWeights;
  negWeights?: ThemeWeights;
  emojiChance: number;
}

export interface ComposedText {
  title: string | null;
  text: string;
  themes: { theme: DemoTheme; polarity: 1 | -1 }[];
  mentions: string[];
}

/** Themes that have sentences in each language, computed once. */
const EN_POOL: readonly DemoTheme[] = DEMO_THEMES.filter((t) => EN_THEMES[t] !== undefined);
const ES_POOL: readonly DemoTheme[] = DEMO_THEMES.filter((t) => ES_THEMES[t] !== undefined);

const POSITIVE_SHARE: Record<number, number> = { 1: 0.05, 2: 0.2, 3: 0.5, 4: 0.85, 5: 0.97 };

/** The way a customer writes a person's name: first name, a nickname, or the full name. */
export function spokenName(rng: Rng, person: DemoPerson): string {
  const options = [person.firstName, ...person.aliases, `${person.firstName} ${person.lastName}`];
  const weights = [3, ...person.aliases.map(() => 2), 1];
  return rng.weighted(options, weights);
}

function fill(template: string, rng: Rng, names: readonly string[]): string {
  return template
    .replace('{vehicle}', () => rng.pick(VEHICLES))
    .replace('{name2}', names[1] ?? 'the manager')
    .replace('{name}', names[0] ?? 'the salesperson');
}

function pickTheme(rng: Rng, pool: readonly DemoTheme[], bias: ThemeWeights | undefined, used: Set<DemoTheme>): DemoTheme {
  const free = pool.filter((t) => !used.has(t));
  const list = free.length ? free : pool;
  return rng.weighted(
    list,
    list.map((t) => 1 + (bias?.[t] ?? 0)),
  );
}

export function composeReview(rng: Rng, input: ComposeInput): ComposedText {
  const { rating, language } = input;
  const es = language === 'es';
  const themesTable = es ? ES_THEMES : EN_THEMES;
  const pool = es ? ES_POOL : EN_POOL;
  const positiveShare = POSITIVE_SHARE[rating] ?? 0.5;
  const tone: 'pos' | 'mid' | 'neg' = rating >= 4 ? 'pos' : rating === 3 ? 'mid' : 'neg';

  // Who is named: at most two people, only when the text will mention someone.
  const named: DemoPerson[] = [];
  if (input.namable.length && rng.chance(input.mentionChance)) {
    named.push(input.namable[0]!);
    const second = input.namable[1];
    if (second && tone === 'pos' && rng.chance(0.35)) named.push(second);
  }
  const spoken = named.map((p) => spokenName(rng, p));

  const sentences: string[] = [fill(rng.pick((es ? ES_OPENINGS : EN_OPENINGS)[rating] ?? EN_OPENINGS[3]!), rng, spoken)];
  const themes: ComposedText['themes'] = [];
  const used = new Set<DemoTheme>();
  const count = rating === 3 ? 2 : rng.int(1, rating === 5 || rating === 1 ? 3 : 2);
  let nameUsedInTheme = false;
  for (let i = 0; i < count; i++) {
    const polarity: 1 | -1 = rng.chance(positiveShare) ? 1 : -1;
    const theme = pickTheme(rng, pool, polarity === 1 ? input.posWeights : input.negWeights, used);
    used.add(theme);
    const options = themesTable[theme]![polarity === 1 ? 'pos' : 'neg'];
    // A sentence naming someone is only usable when a person was chosen, and only once.
    const usable = options.filter((s) => !s.includes('{name}') || (spoken.length > 0 && !nameUsedInTheme));
    const sentence = rng.pick(usable.length ? usable : options.filter((s) => !s.includes('{name}')));
    if (sentence.includes('{name}')) nameUsedInTheme = true;
    sentences.push(fill(sentence, rng, spoken));
    themes.push({ theme, polarity });
  }
  if (spoken.length && !nameUsedInTheme) {
    const lines = es ? ES_NAME_LINES : EN_NAME_LINES;
    const list = spoken.length > 1 ? lines.pos2 : tone === 'neg' ? lines.neg : lines.pos;
    sentences.push(fill(rng.pick(list), rng, spoken));
  }
  // A theme sentence carries one name only; a separate name line carries all of them.
  const mentions = nameUsedInTheme ? named.slice(0, 1).map((p) => p.key) : named.map((p) => p.key);

  const closing = rng.pick((es ? ES_CLOSINGS : EN_CLOSINGS)[tone]);
  if (closing) sentences.push(closing);
  let text = sentences.join(' ');
  if (rng.chance(input.emojiChance)) text += ` ${rng.pick(EMOJI[tone])}`;

  const titles = (es ? ES_TITLES : EN_TITLES)[rating] ?? EN_TITLES[3]!;
  const title = rng.chance(0.9) ? rng.pick(titles) : null;
  return { title, text, themes, mentions };
}

/** An owner response in the review's language, addressed to the author. */
export function composeResponse(
  rng: Rng,
  rating: number,
  language: 'en' | 'es',
  author: string,
  who: string | null,
  signer: string,
): string {
  const table = language === 'es' ? ES_RESPONSES : EN_RESPONSES;
  const first = author.split(/[ .]/)[0] || author;
  const body = rng
    .pick(rating >= 4 ? table.pos : table.neg)
    .replace('{author}', first)
    .replace('{who}', who ?? (language === 'es' ? 'nuestro equipo' : 'our team'));
  return `${body} — ${signer}`;
}
