import { describe, expect, it } from 'vitest';
import { buildNameIndex, deletionVariants, maxTypos } from './name-index';
import { nicknameForms } from './nicknames';
import { foldToken, normaliseName, tokenize } from './normalise';

describe('normaliseName / foldToken', () => {
  it('folds case, accents, quotes and apostrophes', () => {
    expect(normaliseName('Adrian "AyyDee" Cortes')).toBe('adrian ayydee cortes');
    expect(normaliseName('  José  Núñez ')).toBe('jose nunez');
    expect(normaliseName('Siobhán O’Brien-Kowalczyk')).toBe('siobhan obrienkowalczyk');
    expect(normaliseName('“Big” Bob!')).toBe('big bob');
    expect(normaliseName('')).toBe('');
    expect(foldToken("Tristan's")).toBe('tristan');
    expect(foldToken('ÉLODIE')).toBe('elodie');
  });
});

describe('tokenize', () => {
  it('marks sentence starts, capitals and initials', () => {
    const { tokens, casingInformative } = tokenize('Great car. Mike R. helped!\nask for Jen');
    expect(tokens.map((t) => t.norm)).toEqual(['great', 'car', 'mike', 'r', 'helped', 'ask', 'for', 'jen']);
    expect(tokens.map((t) => t.sentenceStart)).toEqual([true, false, true, false, true, true, false, false]);
    expect(tokens[3]).toMatchObject({ raw: 'R', cap: true, dotAfter: true });
    expect(casingInformative).toBe(true);
  });
  it('casing is not evidence in ALL CAPS or all-lowercase writing', () => {
    expect(tokenize('ASK FOR GRANT HE WAS GREAT').casingInformative).toBe(false);
    expect(tokenize('thanks to jen! i love my car').casingInformative).toBe(false);
    expect(tokenize('thanks to jen! I love my car').casingInformative).toBe(false);
    expect(tokenize('').tokens).toEqual([]);
  });
});

describe('name index', () => {
  it('reads quoted and bracketed nicknames from the display name', () => {
    const idx = buildNameIndex([
      { id: 'a', displayName: 'Adrian "AyyDee" Cortes', aliases: [], locationId: null },
      { id: 'b', displayName: 'Michael (Mikey) Reyes', aliases: ['Big Mike'], locationId: null },
    ]);
    const a = idx.byId.get('a')!;
    expect(a).toMatchObject({ first: 'adrian', last: ['cortes'], lastInitial: 'c' });
    expect([...a.aliases]).toEqual(['ayydee']);
    expect(idx.tokens.get('ayydee')).toEqual([{ person: 0, role: 'alias' }]);
    expect(idx.tokens.get('mikey')).toEqual([{ person: 1, role: 'alias' }]);
    expect(idx.tokens.get('mike')).toEqual([{ person: 1, role: 'nick' }]);
    expect(idx.phrases.get('big')).toEqual([{ words: ['big', 'mike'], person: 1 }]);
  });

  it('explicit first/last names win over the display name', () => {
    const idx = buildNameIndex([{ id: 'm', displayName: 'Maria De La Cruz', firstName: 'Maria', lastName: 'De La Cruz', aliases: [], locationId: null }]);
    expect(idx.byId.get('m')).toMatchObject({ first: 'maria', last: ['de', 'la', 'cruz'], lastInitial: 'd' });
  });

  it('nickname table works both ways and across shared nicknames', () => {
    expect(nicknameForms('michael')).toEqual(new Set(['mike', 'mikey', 'mick', 'mickey']));
    expect(nicknameForms('jen')).toContain('jennifer');
    expect(nicknameForms('bob')).toEqual(new Set(['robert', 'rob', 'bobby', 'robbie', 'bert']));
    const chris = nicknameForms('chris');
    for (const n of ['christopher', 'christina', 'christine']) expect(chris).toContain(n);
    expect(nicknameForms('zebulon').size).toBe(0);
  });

  it('typo budget and deletion variants', () => {
    expect([4, 5, 7, 8].map(maxTypos)).toEqual([0, 1, 1, 2]);
    expect(deletionVariants('abc', 1)).toEqual(new Set(['abc', 'bc', 'ac', 'ab']));
    expect(deletionVariants('abc', 2).size).toBe(7);
  });
});
