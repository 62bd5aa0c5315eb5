import { describe, expect, it } from 'vitest';
import { loadThemeLexicon } from '../themes/load';
import { scoreLine } from './score-line';

describe('scoreLine', () => {
  it('prints cleaned text, score, label, sentences and themes', () => {
    const r = scoreLine('Our salesman was patient &amp; honest, but the finance office took forever.', 'sales-service');
    expect(r.text).toBe('Our salesman was patient & honest, but the finance office took forever.');
    expect(Object.keys(r)).toEqual(['text', 'score', 'label', 'sentences', 'themes']);
    expect(r.sentences).toHaveLength(1);
    const themes = Object.fromEntries(r.themes.map((t) => [t.theme, t.polarity]));
    expect(themes.honesty).toBeGreaterThan(0);
    expect(themes.speed).toBeLessThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('accepts a compiled lexicon or none', () => {
    const lex = loadThemeLexicon('restaurant');
    expect(scoreLine('The pasta was delicious.', lex).themes).toEqual([{ theme: 'food', polarity: expect.any(Number) }]);
    expect(scoreLine('The pasta was delicious.', null).themes).toEqual([]);
  });

  it('handles empty and markup-only lines', () => {
    expect(scoreLine('   ')).toEqual({ text: '', score: 0, label: 'neutral', sentences: [], themes: [] });
    expect(scoreLine('<br/>')).toMatchObject({ text: '', label: 'neutral' });
  });

  it('flags truncation of enormous lines', () => {
    const r = scoreLine('Great service and a fair price. '.repeat(500));
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeGreaterThan(10_000);
  });
});
