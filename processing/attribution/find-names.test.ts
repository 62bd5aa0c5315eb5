import { describe, expect, it } from 'vitest';
import { findNamesInText } from './find-names';
import { ROSTER } from './fixtures';
import { buildNameIndex } from './name-index';
import type { MatchContext } from './types';

const index = buildNameIndex(ROSTER);
const north = { locationId: 'north', publishedAt: '2025-03-01' };
const south = { locationId: 'south', publishedAt: '2025-03-01' };
const find = (text: string, ctx: MatchContext = north) => findNamesInText(index, text, ctx);
const ids = (text: string, ctx?: MatchContext) => find(text, ctx).map((c) => c.personId);
const conf = (text: string, id: string, ctx?: MatchContext) =>
  find(text, ctx).find((c) => c.personId === id)?.confidence ?? 0;

describe('findNamesInText: the examples', () => {
  it('"ask for Mike" (nickname of Michael, one at the location)', () => {
    const [c, ...rest] = find('Great experience, ask for Mike!');
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ personId: 'michael-r', matched: 'Mike', pattern: 'mike', kind: 'nickname' });
    expect(c!.reason).toMatch(/ask for/);
  });

  it('"Tristan and Brandon were great"', () => {
    expect(ids('Tristan and Brandon were great').sort()).toEqual(['brandon', 'tristan']);
    expect(conf('Tristan and Brandon were great', 'tristan')).toBeGreaterThanOrEqual(0.8);
  });

  it('"Jennifer Lopez helped us" is a full-name match', () => {
    expect(find('Jennifer Lopez helped us')).toMatchObject([{ personId: 'jennifer', kind: 'full-name', matched: 'Jennifer Lopez', confidence: 0.95 }]);
  });

  it('"thanks to jen!" finds Jennifer through the nickname table', () => {
    const [c] = find('thanks to jen!');
    expect(c).toMatchObject({ personId: 'jennifer', kind: 'nickname', matched: 'jen' });
    expect(c!.confidence).toBeGreaterThanOrEqual(0.7);
  });
});

describe('strength order: full name > initial > unique given name > nickname', () => {
  it('orders confidences', () => {
    const full = conf('We bought from Jennifer Lopez.', 'jennifer');
    const initial = conf('We bought from Jennifer L. last week.', 'jennifer');
    const given = conf('We bought from Jennifer last week.', 'jennifer');
    const nick = conf('We bought from Jenny last week.', 'jennifer');
    expect(full).toBeGreaterThan(initial);
    expect(initial).toBeGreaterThan(given);
    expect(given).toBeGreaterThan(nick);
    expect(find('Ask for Jennifer L.')[0]?.kind).toBe('first-initial');
  });

  it('a nickname plus surname or initial still counts as a full name / initial', () => {
    expect(find('Mike Reyes sold us the truck')[0]).toMatchObject({ personId: 'michael-r', kind: 'full-name' });
    expect(find('Mike R. sold us the truck')[0]).toMatchObject({ personId: 'michael-r', kind: 'first-initial' });
    expect(conf('Mike Reyes sold us the truck', 'michael-r')).toBeLessThan(conf('Michael Reyes sold us the truck', 'michael-r'));
  });

  it('quoted nickname inside the full name, alias alone, middle parts and multi-word surnames', () => {
    expect(find('Adrian "AyyDee" Cortes is the best')[0]).toMatchObject({ personId: 'adrian', kind: 'full-name' });
    expect(find('AyyDee made it painless')[0]).toMatchObject({ personId: 'adrian', kind: 'alias' });
    expect(find('Maria De La Cruz was very patient', south)[0]).toMatchObject({ personId: 'maria', kind: 'full-name', matched: 'Maria De La Cruz' });
    expect(find('Ask for Big Bob')[0]).toMatchObject({ personId: 'rob', kind: 'alias' });
    expect(find('Mr. Jansen was very patient')[0]).toMatchObject({ personId: 'rob', kind: 'last-name' });
    expect(ids('Jansen is a town I drove through')).toEqual([]); // a bare surname needs a title
  });

  it('accents and possessives', () => {
    expect(find('Jose Nunez was helpful', south)[0]).toMatchObject({ personId: 'jose', kind: 'full-name' });
    expect(find("Tristan's patience was great")[0]?.personId).toBe('tristan');
  });
});

describe('misspellings', () => {
  it('tolerates one typo in names of 5+ letters and two in 8+', () => {
    expect(find('Jenifer was so nice')[0]).toMatchObject({ personId: 'jennifer', matched: 'Jenifer' });
    expect(find('Tristen helped us out')[0]?.personId).toBe('tristan');
    expect(find('Ask for Cristoper', south)[0]?.personId).toBe('christopher'); // 2 edits, 9–11 letters
    expect(ids('Ask for Cristofer', south)).toEqual([]); // 3 edits
    expect(find('Jennifer Lopes helped us')[0]).toMatchObject({ personId: 'jennifer', kind: 'full-name' });
    expect(conf('Jenifer was so nice', 'jennifer')).toBeLessThan(conf('Jennifer was so nice', 'jennifer'));
  });

  it('but not two typos under 8 letters, nor any in short names', () => {
    expect(ids('Brendn helped us')).toEqual([]); // Brandon: 2 edits, 6–7 letters
    expect(ids('Kara helped us')).toEqual([]); // Kira: 4 letters, never fuzzy
    expect(ids('Ask for Keira')).toEqual([]); // 5 vs 4 letters: the roster name is short
  });

  it('does not fuzzy-match ordinary words', () => {
    expect(ids('Great service')).toEqual([]); // great ≠ Grant
    expect(ids('Seven stars if I could')).toEqual([]);
  });
});

describe('common-word names', () => {
  it('Grant: a name near a cue, a word in "grant the loan"', () => {
    expect(ids('The bank would not grant the loan.')).toEqual([]);
    expect(ids('They could grant us an extension')).toEqual([]);
    expect(find('Grant helped us with financing')[0]).toMatchObject({ personId: 'grant', kind: 'first-name' });
    expect(conf('Ask for Grant', 'grant')).toBeGreaterThanOrEqual(0.8);
    expect(ids('Big thanks to Grant for his patience')).toEqual(['grant']);
    expect(ids('We worked with Grant on the trade-in')).toEqual(['grant']);
  });

  it('nicknames that are words: bill / Bill', () => {
    expect(ids('the bill was higher than quoted')).toEqual([]);
    expect(find('Bill was great with us')[0]).toMatchObject({ personId: 'will', kind: 'nickname' });
  });

  it('lists of names share a cue', () => {
    expect(ids('Big thanks to Tristan, Brandon and Kira').sort()).toEqual(['brandon', 'kira', 'tristan']);
    expect(ids('Thanks to Kira, Drew and Mark').sort()).toEqual(['drew', 'kira', 'mark']);
  });

  it('Will, Hope, Mark, Drew, Chase', () => {
    expect(ids('Will definitely buy here again')).toEqual([]);
    expect(ids('I will be back')).toEqual([]);
    expect(ids('Hope this helps someone.')).toEqual([]);
    expect(ids('Mark my words, avoid the extended warranty')).toEqual([]);
    expect(ids('We worked with Will and he was great')).toEqual(['will']);
    expect(ids('Hope was very patient with us')).toEqual(['hope']);
    expect(ids('Drew and Mark were great').sort()).toEqual(['drew', 'mark']);
    // capitalised mid-sentence without a cue: maybe a name, maybe the bank → low confidence
    const chase = conf('We financed through Chase in the end', 'chase', south);
    expect(chase).toBeGreaterThan(0);
    expect(chase).toBeLessThan(0.75);
    expect(ids('Chase bank approved us fast', south)).toEqual([]);
  });

  it('lowercase common-word names need a cue and stay low', () => {
    const c = conf('ask for grant, he knows his stuff', 'grant');
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(0.75);
  });

  it('ALL CAPS text: cues still work, capitals prove nothing', () => {
    expect(ids('ASK FOR GRANT')).toEqual(['grant']);
    expect(ids('GRANT THE LOAN PLEASE')).toEqual([]);
    expect(ids('GREAT SERVICE FROM TRISTAN')).toEqual(['tristan']);
  });
});

describe('same given name, location and ambiguity', () => {
  it('the review location decides between two Michaels', () => {
    expect(find('Michael was great')).toMatchObject([{ personId: 'michael-r' }]);
    expect(find('Michael was great', south)).toMatchObject([{ personId: 'michael-t' }]);
    expect(find('Michael was great')[0]!.reason).toMatch(/unique at the location/);
  });

  it('still ambiguous → both, at low confidence', () => {
    const both = find('Sam was great', south);
    expect(both.map((c) => c.personId).sort()).toEqual(['sam-a', 'sam-b']);
    for (const c of both) {
      expect(c.confidence).toBeLessThan(0.5);
      expect(c.reason).toMatch(/ambiguous/);
    }
    expect(find('Michael was great', { locationId: null }).map((c) => c.personId).sort()).toEqual(['michael-r', 'michael-t']);
  });

  it('a full name elsewhere in the text settles an ambiguous given name', () => {
    expect(ids('Michael was great. Thanks again Michael Tanaka!', { locationId: null })).toEqual(['michael-t']);
  });

  it('someone at another location: kept, but demoted', () => {
    const c = conf('Christopher was great', 'christopher', north);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(0.5);
    expect(conf('Christopher Banes was great', 'christopher', north)).toBeGreaterThan(0.75);
  });

  it('a person with no location is at home everywhere', () => {
    expect(conf('Priya helped', 'floater', south)).toBeGreaterThanOrEqual(0.8);
  });

  it('an own given name beats a nickname reading', () => {
    const idx = buildNameIndex([
      { id: 'mike', displayName: 'Mike Dorsey', aliases: [], locationId: 'x' },
      { id: 'michael', displayName: 'Michael Ruiz', aliases: [], locationId: 'x' },
    ]);
    const res = findNamesInText(idx, 'Mike was great', { locationId: 'x' });
    expect(res[0]).toMatchObject({ personId: 'mike', kind: 'first-name' });
    expect(res.find((c) => c.personId === 'michael')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

describe('names that match nobody', () => {
  it('are not forced onto the roster', () => {
    expect(find('Sarah was wonderful')).toEqual([]);
    expect(find('The finance guy Dmitri was rude')).toEqual([]);
    expect(find('')).toEqual([]);
  });
  it('a different surname after a known given name demotes the match', () => {
    expect(conf('Tristan Hargreave sold me this car', 'tristan')).toBeLessThan(0.5);
    expect(conf('Tristan K. sold me this car', 'tristan')).toBeLessThan(0.5);
    expect(conf('Tristan sold me this car', 'tristan')).toBeGreaterThanOrEqual(0.8);
    // a capitalised common word after the name is not a surname
    expect(conf('Thanks Tristan Great job', 'tristan')).toBeGreaterThanOrEqual(0.8);
  });
});

describe('employment dates', () => {
  it('excludes a former employee when a current one fits', () => {
    expect(ids('Leona was great', { locationId: 'north', publishedAt: '2025-03-01' })).toEqual(['leona-new']);
    expect(ids('Leona was great', { locationId: 'north', publishedAt: '2022-03-01' })).toEqual(['leona']);
  });
  it('demotes when the only match was not employed then', () => {
    const c = conf('Dana was great', 'dana', { locationId: 'south', publishedAt: '2025-03-01' });
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(0.5);
    // within the grace period after leaving (reviews lag the sale)
    expect(conf('Dana was great', 'dana', { locationId: 'south', publishedAt: '2023-01-20' })).toBeGreaterThanOrEqual(0.8);
    // a Date works as well as an ISO string
    expect(ids('Leona was great', { locationId: 'north', publishedAt: new Date('2025-03-01') })).toEqual(['leona-new']);
    // no date → not checked
    expect(conf('Dana was great', 'dana', { locationId: 'south' })).toBeGreaterThanOrEqual(0.8);
  });
});
