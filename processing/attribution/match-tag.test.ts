import { describe, expect, it } from 'vitest';
import { matchTag } from './find-names';
import { ROSTER } from './fixtures';
import { buildNameIndex } from './name-index';

const index = buildNameIndex(ROSTER);
const north = { locationId: 'north', publishedAt: '2025-03-01' };

describe('matchTag: DealerRater-style "Adrian \\"AyyDee\\" Cortes"', () => {
  it.each([
    ['Adrian "AyyDee" Cortes', 'full-name', 0.98],
    ['Adrian “AyyDee” Cortes', 'full-name', 0.98],
    ['Adrian Cortes', 'full-name', 0.98],
    ['AyyDee Cortes', 'full-name', 0.98],
    ['Adrián Cortés', 'full-name', 0.98],
    ['adrian cortes', 'full-name', 0.98],
    ['Adrian C.', 'first-initial', 0.93],
    ['AyyDee', 'alias', 0.85],
    ['Adrian', 'first-name', 0.85],
    ['Adrian AyyDee', 'first-name', 0.85],
  ])('%s → Adrian (%s)', (tag, kind, confidence) => {
    expect(matchTag(index, tag, north)).toMatchObject({ personId: 'adrian', kind, confidence, alternatives: [] });
  });

  it('tolerates a typo in a long enough surname', () => {
    const m = matchTag(index, 'Adrian Cortez', north);
    expect(m).toMatchObject({ personId: 'adrian', kind: 'full-name' });
    expect(m!.confidence).toBeLessThan(0.98);
    expect(m!.confidence).toBeGreaterThan(0.75);
  });

  it('a different surname makes it someone else (low confidence, for review)', () => {
    const m = matchTag(index, 'Adrian Smith', north);
    expect(m?.personId).toBe('adrian');
    expect(m!.confidence).toBeLessThan(0.5);
  });

  it('a name nobody has → null', () => {
    expect(matchTag(index, 'Zoltan Berg', north)).toBeNull();
    expect(matchTag(index, '', north)).toBeNull();
    expect(matchTag(index, 'Sales Team', north)).toBeNull();
  });

  it('uses the location to choose, and lists alternatives when it cannot', () => {
    expect(matchTag(index, 'Michael', north)?.personId).toBe('michael-r');
    expect(matchTag(index, 'Michael', { locationId: 'south' })?.personId).toBe('michael-t');
    const m = matchTag(index, 'Michael', { locationId: null });
    expect(m!.confidence).toBeLessThan(0.5);
    expect(m!.alternatives).toHaveLength(1);
    expect([m!.personId, m!.alternatives[0]!.personId].sort()).toEqual(['michael-r', 'michael-t']);
    // the initial resolves it even across locations
    expect(matchTag(index, 'Mike T.', north)).toMatchObject({ personId: 'michael-t', kind: 'first-initial' });
  });

  it('a bare surname tag is weak but accepted', () => {
    expect(matchTag(index, 'Cortes', north)).toMatchObject({ personId: 'adrian', kind: 'last-name', confidence: 0.6 });
  });

  it('common-word names need no cue in a tag', () => {
    expect(matchTag(index, 'Grant', north)?.personId).toBe('grant');
    expect(matchTag(index, 'Will P.', north)).toMatchObject({ personId: 'will', kind: 'first-initial' });
  });
});
