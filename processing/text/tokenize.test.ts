import { describe, expect, it } from 'vitest';
import { segment, splitSentences, tokenize } from './tokenize';

const norms = (text: string): string[] => tokenize(text).map((t) => t.norm);

describe('tokenize', () => {
  it('lowercases words and keeps contractions whole, straightening curly apostrophes', () => {
    expect(norms("I DON'T think it’s bad")).toEqual(['i', "don't", 'think', "it's", 'bad']);
  });

  it('splits hyphenated words so phrase patterns cover both spellings', () => {
    expect(norms('a rip-off, hassle-free')).toEqual(['a', 'rip', 'off', ',', 'hassle', 'free']);
  });

  it('marks words written in capitals', () => {
    const caps = tokenize('NEVER again I A OK').map((t) => [t.norm, t.caps]);
    expect(caps).toEqual([['never', true], ['again', false], ['i', false], ['a', false], ['ok', true]]);
  });

  it('recognises emoticons but not clock times', () => {
    expect(norms('great :) bad :-( love <3 meh :/ wink ;) yay :D (:')).toEqual([
      'great', ':)', 'bad', ':-(', 'love', '<3', 'meh', ':/', 'wink', ';)', 'yay', ':d', '(:',
    ]);
    expect(norms('at 12:30pm')).toEqual(['at', '12', ':', '30pm']);
  });

  it('keeps emoji as one token each, without skin tones or variation selectors', () => {
    const t = tokenize('ok 👍🏽 ❤️ 👨‍👩‍👧 😍😍');
    expect(t.map((x) => x.norm)).toEqual(['ok', '👍', '❤', '👨‍👩‍👧', '😍', '😍']);
    expect(t.slice(1).every((x) => x.kind === 'emoji')).toBe(true);
  });

  it('skips URLs and keeps currency signs and opinion punctuation', () => {
    expect(norms('see https://example.com/a:b?c=1 or www.x.org, $20! €5 £3?')).toEqual([
      'see', 'or', ',', '$', '20', '!', '€', '5', '£', '3', '?',
    ]);
  });

  it('handles accented and non-Latin words', () => {
    expect(norms('Très bon café, Größe über')).toEqual(['très', 'bon', 'café', ',', 'größe', 'über']);
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends and line breaks', () => {
    expect(splitSentences('Great food. Slow service! Why?\nWould return')).toEqual([
      'Great food.', 'Slow service!', 'Why?', 'Would return',
    ]);
  });

  it('does not split decimals, abbreviations, initials or before a lowercase word', () => {
    expect(splitSentences('Mr. Lee gave it 4.5 stars. Ask for J. Smith e.g. on Monday. Approx. ten mins. it was ok')).toEqual([
      'Mr. Lee gave it 4.5 stars.', 'Ask for J. Smith e.g. on Monday.', 'Approx. ten mins. it was ok',
    ]);
  });

  it('ends a sentence after "I." and after runs like "!!!" or "?!"', () => {
    expect(splitSentences('So did I. Then we left!!! Really?! Yes')).toEqual(['So did I.', 'Then we left!!!', 'Really?!', 'Yes']);
  });

  it('keeps closing quotes with their sentence and appends content-free fragments', () => {
    expect(splitSentences('He said "no." Then left. !!!')).toEqual(['He said "no."', 'Then left.!!!']);
  });

  it('returns nothing for empty text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(segment('   ')).toEqual([]);
  });

  it('gives each sentence its own tokens', () => {
    const s = segment('Good. Bad!');
    expect(s.map((x) => x.tokens.map((t) => t.norm))).toEqual([['good'], ['bad', '!']]);
  });
});
