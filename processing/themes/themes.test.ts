import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileThemeLexicon } from './compile';
import { detectThemes } from './detect';
import { loadThemeLexicon, parseThemeLexicon, resolveLexiconPath } from './load';
import { themeLexiconSchema } from './schema';

const byTheme = (text: string, lexicon = loadThemeLexicon('restaurant')) =>
  Object.fromEntries(detectThemes(text, lexicon).map((t) => [t.theme, t]));

describe('theme lexicon schema', () => {
  it('accepts a minimal lexicon and applies defaults', () => {
    const lex = themeLexiconSchema.parse({ name: 'x', themes: [{ key: 'a', label: 'A', patterns: ['word*'] }] });
    expect(lex.language).toBe('en');
    expect(lex.themes[0]!.exclude).toEqual([]);
  });

  it('rejects duplicate keys, bad keys, empty pattern lists and unparsable patterns', () => {
    const bad = (themes: unknown) => themeLexiconSchema.safeParse({ name: 'x', themes }).success;
    expect(bad([{ key: 'a', label: 'A', patterns: ['x'] }, { key: 'a', label: 'B', patterns: ['y'] }])).toBe(false);
    expect(bad([{ key: 'Bad Key', label: 'A', patterns: ['x'] }])).toBe(false);
    expect(bad([{ key: 'a', label: 'A', patterns: [] }])).toBe(false);
    expect(bad([{ key: 'a', label: 'A', patterns: ['* starts wild'] }])).toBe(false);
  });

  it('gives readable errors for YAML files', () => {
    expect(() => parseThemeLexicon('name: x\nthemes: []', 'my.yaml')).toThrow(/my\.yaml: invalid theme lexicon/);
    expect(() => parseThemeLexicon('name: [unclosed', 'my.yaml')).toThrow(/not valid YAML/);
  });
});

describe('loadThemeLexicon', () => {
  it('loads the bundled lexicons by name, once', () => {
    const sales = loadThemeLexicon('sales-service');
    expect(sales.themes.map((t) => t.key)).toEqual([
      'responsiveness', 'communication', 'speed', 'price', 'honesty', 'expertise', 'friendliness', 'process', 'follow_up', 'facilities',
    ]);
    expect(loadThemeLexicon('sales-service')).toBe(sales);
    expect(loadThemeLexicon('restaurant').themes.map((t) => t.key)).toEqual(['food', 'service', 'price', 'ambience']);
  });

  it('loads a file by path and explains a missing one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-themes-'));
    const file = path.join(dir, 'mine.yaml');
    writeFileSync(file, 'name: mine\nthemes:\n  - key: parking\n    label: Parking\n    patterns: [parking, "valet*"]\n');
    expect(byTheme('Valets were quick', loadThemeLexicon(file)).parking).toBeDefined();
    expect(() => loadThemeLexicon('no-such-lexicon')).toThrow(/not found.*bundled: sales-service, restaurant/);
    expect(resolveLexiconPath('restaurant')).toMatch(/lexicons[/\\]restaurant\.yaml$/);
  });
});

describe('detectThemes', () => {
  it('finds themes with their matched terms and the sentence that says most about them', () => {
    const t = byTheme('We went on a Friday. The sushi was fresh and the rolls were creative. Our waiter was friendly.');
    expect(Object.keys(t)).toEqual(['food', 'service']);
    expect(t.food!.mentions).toEqual(['sushi', 'fresh', 'rolls']);
    expect(t.food!.sentence).toBe('The sushi was fresh and the rolls were creative.');
    expect(t.service!.polarity).toBeGreaterThan(0);
  });

  it('gives each theme the polarity of its own clause', () => {
    const t = byTheme('The pasta was delicious but the waiter was rude.');
    expect(t.food!.polarity).toBeGreaterThan(0);
    expect(t.service!.polarity).toBeLessThan(0);
    const u = byTheme('Although the prices are high, the atmosphere is lovely.');
    expect(u.price!.polarity).toBeLessThan(0);
    expect(u.ambience!.polarity).toBeGreaterThan(0.3);
  });

  it('weights nearby opinion words more than distant ones in the same clause', () => {
    const t = byTheme('The dessert was amazing and the music was a little loud.');
    expect(t.food!.polarity).toBeGreaterThan(0);
    expect(t.ambience!.polarity).toBeLessThan(t.food!.polarity);
  });

  it('has polarity 0 when nothing opinionated is said', () => {
    expect(byTheme('We ordered the soup.').food!.polarity).toBe(0);
  });

  it('matches plurals and respects exclusions', () => {
    expect(byTheme('The waiters and waitresses').service!.mentions).toEqual(['waiters', 'waitresses']);
    expect(byTheme('It was worth the wait.').price).toBeUndefined();
    expect(byTheme('It was worth the wait.').service).toBeUndefined();
  });

  it('returns nothing for text without theme words', () => {
    expect(detectThemes('Hello there.', loadThemeLexicon('restaurant'))).toEqual([]);
  });

  it('accepts an uncompiled definition and reuses its compilation', () => {
    const def = { name: 'tiny', themes: [{ key: 'staff', label: 'Staff', patterns: ['staff', 'employee*'] }] };
    expect(detectThemes('The employees were great', def)[0]).toMatchObject({ theme: 'staff', label: 'Staff', mentions: ['employees'] });
    expect(compileThemeLexicon(def).index.size).toBe(2);
  });

  it('covers dealership, lender and agent vocabulary', () => {
    const sales = loadThemeLexicon('sales-service');
    const t = byTheme(
      'Mike never returned my calls. The finance paperwork was a mess and they added hidden fees. ' +
        'The showroom was clean though, and the service department followed up after the sale.',
      sales,
    );
    expect(t.responsiveness!.polarity).toBeLessThan(0);
    expect(t.process!.polarity).toBeLessThan(0);
    expect(t.price!.polarity).toBeLessThan(0);
    expect(t.facilities!.polarity).toBeGreaterThan(0);
    expect(t.follow_up).toBeDefined();
    const u = byTheme('No pressure at all, very knowledgeable and honest, explained everything clearly.', sales);
    expect(u.friendliness!.polarity).toBeGreaterThan(0);
    expect(u.expertise!.polarity).toBeGreaterThan(0);
    expect(u.honesty!.polarity).toBeGreaterThan(0);
    expect(u.communication!.polarity).toBeGreaterThan(0);
  });
});
