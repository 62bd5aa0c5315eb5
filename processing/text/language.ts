/**
 * Language of a review, as ISO 639-1. franc (trigram statistics) does the work
 * for longer text; it is restricted to languages reviews are commonly written in,
 * because over all its languages short English is often "Scots" or "Danish".
 * Short English text, which trigrams cannot settle, is recognised by its
 * everyday words instead ("Great service, friendly staff").
 */
import { francAll } from 'franc';
import { tokenize, type Token } from './tokenize';

export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or unclear ("und"). */
  language: string | null;
  /**
   * 0…1: how clearly the winner beat the runner-up, scaled down for short text.
   * Close relatives (Danish/Norwegian, Spanish/Galician) can come out low:
   * callers that need certainty should require, say, 0.3.
   */
  confidence: number;
}

export interface DetectLanguageOptions {
  /** ISO 639-1 codes to choose from (default: every language in ISO_639_3_TO_1). */
  only?: readonly string[];
  /** Fewer letters than this gives null (default 20). */
  minLetters?: number;
  /** The text's tokens, when the caller has them already (processing tokenizes each review once). */
  tokens?: readonly Token[];
}

/** franc's ISO 639-3 codes for the languages we report, to ISO 639-1. */
export const ISO_639_3_TO_1: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', ita: 'it', por: 'pt', nld: 'nl', swe: 'sv', nob: 'nb', nno: 'nn',
  dan: 'da', fin: 'fi', pol: 'pl', ces: 'cs', slk: 'sk', slv: 'sl', hrv: 'hr', srp: 'sr', bos: 'bs', bul: 'bg',
  rus: 'ru', ukr: 'uk', bel: 'be', ron: 'ro', hun: 'hu', tur: 'tr', ell: 'el', heb: 'he', arb: 'ar', pes: 'fa',
  urd: 'ur', hin: 'hi', ben: 'bn', vie: 'vi', ind: 'id', zlm: 'ms', tgl: 'tl', tha: 'th', cmn: 'zh', jpn: 'ja',
  kor: 'ko', cat: 'ca', glg: 'gl', lit: 'lt', lvs: 'lv', ekk: 'et', afr: 'af', swh: 'sw', mkd: 'mk', kat: 'ka',
  hye: 'hy', tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa',
};
const ISO_639_1_TO_3 = new Map(Object.entries(ISO_639_3_TO_1).map(([three, one]) => [one, three]));
const DEFAULT_ONLY = Object.keys(ISO_639_3_TO_1);

/**
 * Frequent English words that are not also frequent words of another major
 * language written in Latin script (so no "die", "in", "so", "was", "is",
 * "service", "super", "hotel", "menu").
 */
const ENGLISH_WORDS = new Set([
  'the', 'and', 'were', 'are', 'it', 'this', 'that', 'they', 'we', 'you', 'he', 'she', 'my', 'our', 'their',
  'with', 'for', 'of', 'to', 'on', 'at', 'very', 'really', 'great', 'good', 'food', 'staff', 'friendly', 'would',
  'will', 'not', 'but', 'had', 'have', 'has', 'be', 'been', 'there', 'here', 'what', 'when', 'all', 'just', 'get',
  'got', 'from', 'place', 'time', 'back', 'recommend', 'best', 'nice', 'excellent', 'helpful', 'amazing', 'always',
  'never', 'again', 'love', 'loved', 'experience', 'definitely', 'highly', 'everything', 'made', 'make', 'thank',
  'thanks', 'process', 'fast', 'quick', 'easy', 'worst', 'bad', 'terrible', 'awful', 'rude', 'slow', 'price',
  'prices', 'went', 'came', 'did', 'do', "don't", "didn't", 'car', 'buy', 'bought', 'sales', 'customer', 'loan',
  'delicious', 'tasty', 'awesome', 'wonderful', 'went', 'which', 'who', 'your', 'us', 'me', 'was', 'is', 'i',
  'an', 'or', 'if', 'so', 'no', 'ok', 'okay', 'waiter', 'waitress', 'dealer', 'dealership', 'friendly', 'people',
  'job', 'work', 'well', 'everyone', 'anyone', 'overall', 'worth', 'money', 'order', 'ordered', 'lunch', 'dinner',
  // Function and everyday words of review prose: without them plain English sentences with few of the words
  // above ("Nobody called me back after I left three messages") went to trigrams and came out Danish or French.
  'after', 'about', 'because', 'before', 'could', 'should', 'than', 'then', 'them', 'these', 'those', 'only',
  'other', 'some', 'such', 'into', 'out', 'up', 'off', 'why', 'how', 'where', 'while', 'same', 'day', 'days', 'left',
  'three', 'two', 'one', 'asked', 'told', 'said', 'called', 'call', 'nobody', 'someone', 'anything', 'nothing',
  'something', 'fixed', 'explained', 'expected', 'lower', 'higher', 'his', 'him', 'its', 'any', 'every', 'too',
  'much', 'many', 'more', 'most', 'can', 'cannot', "can't", "wasn't", "won't", 'know', 'need', 'needed', 'wanted',
  'took', 'take', 'help', 'helped', 'new', 'used', 'truck', 'vehicle', 'hours', 'weeks', 'week', 'month', 'year',
  'years', 'first', 'next', 'whole', 'ready', 'clean', 'happy', 'pleased', 'satisfied', 'disappointed', 'honestly',
  'salesperson', 'salesman', 'department', 'trade', 'value', 'quote', 'warranty', 'paperwork', 'waited', 'wait',
  'fees', 'coffee', 'problems', 'special', 'either', 'visit', 'picked',
]);
/** Words above that other languages also use often: they count only as half evidence. */
const SHARED_WORDS = new Set(['was', 'is', 'i', 'an', 'or', 'so', 'no', 'ok', 'okay', 'me', 'us', 'do', 'be', 'on', 'car']);

const NOISE_RE = /[\p{N}\p{P}\p{S}\s]+/gu;

/** Han, kana and Hangul characters carry about a word each: they count three times. */
const DENSE_SCRIPT_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Letters in the text, dense scripts weighted, so one threshold fits all scripts. */
function letterCount(text: string): number {
  const letters = text.replace(NOISE_RE, '');
  const dense = letters.match(DENSE_SCRIPT_RE)?.length ?? 0;
  return letters.length + 2 * dense;
}

/** English-word share of the word tokens (0 when there are fewer than two words). */
function englishShare(tokens: readonly Token[]): number {
  let words = 0;
  let score = 0;
  for (const t of tokens) {
    if (t.kind !== 'word' || /^\d/.test(t.norm)) continue;
    words++;
    if (ENGLISH_WORDS.has(t.norm)) score += SHARED_WORDS.has(t.norm) ? 0.5 : 1;
  }
  return words < 2 ? 0 : score / words;
}

export function detectLanguage(text: string | null | undefined, options: DetectLanguageOptions = {}): LanguageGuess {
  const none: LanguageGuess = { language: null, confidence: 0 };
  if (!text) return none;
  const allowed = options.only
    ? options.only.map((code) => ISO_639_1_TO_3.get(code)).filter((c): c is string => c !== undefined)
    : DEFAULT_ONLY;
  if (allowed.length === 0) return none;
  const letters = letterCount(text);
  if (letters < 6) return none;

  if (allowed.includes('eng')) {
    const share = englishShare(options.tokens ?? tokenize(text));
    if (share >= 0.5) return { language: 'en', confidence: Math.round(Math.min(1, 0.5 + share / 2) * 100) / 100 };
  }
  if (letters < (options.minLetters ?? 20)) return none;

  const ranked = francAll(text, { only: allowed, minLength: 1 });
  const [top, second] = ranked;
  if (top === undefined || top[0] === 'und') return none;
  const language = ISO_639_3_TO_1[top[0]] ?? null;
  if (language === null) return none;
  // franc scores are relative (winner = 1); the gap to the runner-up is the evidence.
  const margin = second === undefined ? 1 : 1 - second[1];
  const lengthFactor = Math.min(1, letters / 80);
  const confidence = Math.round(Math.min(1, margin / 0.25) * (0.4 + 0.6 * lengthFactor) * 100) / 100;
  return { language, confidence };
}
