import { describe, expect, it } from 'vitest';
import { applyRules, attributeReview } from './attribute';
import { ROSTER } from './fixtures';
import { buildNameIndex } from './name-index';
import type { Attribution } from './types';

const index = buildNameIndex(ROSTER);
const base = { locationId: 'north', publishedAt: '2025-03-01' };

describe('attributeReview', () => {
  it('profile, tag and text, one per person, highest confidence wins', () => {
    const res = attributeReview(index, {
      ...base,
      text: 'Adrian was awesome and Tristan helped with the paperwork.',
      employees: [{ name: 'Adrian "AyyDee" Cortes' }],
      profilePersonId: 'adrian',
    });
    expect(res.map((a) => [a.personId, a.method])).toEqual([
      ['adrian', 'profile'],
      ['tristan', 'text'],
    ]);
    expect(res[0]).toMatchObject({ confidence: 1, needsReview: false });
    expect(res[0]!.pattern).toBeUndefined();
  });

  it('a tag beats a weaker text reading of the same person', () => {
    const res = attributeReview(index, { ...base, text: 'Mike was great', employees: [{ name: 'Michael Reyes' }] });
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ personId: 'michael-r', method: 'tag', confidence: 0.98, pattern: 'michael reyes', needsReview: false });
    expect(res[0]!.evidence).toMatch(/^tag "Michael Reyes"/);
  });

  it('low confidence goes to the review queue; the threshold is a parameter', () => {
    const review = { ...base, locationId: 'south', text: 'Sam was great' };
    const res = attributeReview(index, review);
    expect(res).toHaveLength(2);
    expect(res.every((a) => a.needsReview)).toBe(true);
    expect(attributeReview(index, review, { reviewThreshold: 0.3 }).every((a) => !a.needsReview)).toBe(true);
    const grant = attributeReview(index, { ...base, text: 'Grant helped us' });
    expect(grant[0]).toMatchObject({ personId: 'grant', method: 'text', needsReview: false });
    expect(grant[0]!.evidence).toContain('text "Grant"');
  });

  it('no text, no tags, no profile → nothing', () => {
    expect(attributeReview(index, { ...base, text: null })).toEqual([]);
    expect(attributeReview(index, { ...base, text: 'Nice place, fast service.' })).toEqual([]);
  });

  it('applies remembered rules when given', () => {
    const res = attributeReview(
      index,
      { ...base, locationId: 'south', text: 'Sam was great' },
      { rules: [{ pattern: 'sam', locationId: 'south', personId: 'sam-b' }] },
    );
    expect(res).toEqual([expect.objectContaining({ personId: 'sam-b', confidence: 1, needsReview: false, method: 'text' })]);
  });
});

describe('applyRules', () => {
  const a = (personId: string, pattern: string | undefined, confidence: number, method: Attribution['method'] = 'text'): Attribution => ({
    personId,
    method,
    confidence,
    evidence: 'test',
    ...(pattern === undefined ? {} : { pattern }),
    needsReview: confidence < 0.75,
  });

  it('confirms: confidence 1, method kept, other readings of the same words dropped', () => {
    const out = applyRules([a('sam-a', 'sam', 0.4), a('sam-b', 'sam', 0.4)], [{ pattern: 'sam', locationId: null, personId: 'sam-a' }]);
    expect(out).toEqual([expect.objectContaining({ personId: 'sam-a', confidence: 1, method: 'text', needsReview: false })]);
  });

  it('rejects: the attribution is dropped', () => {
    const out = applyRules([a('chase', 'chase', 0.56), a('tristan', 'tristan', 0.8)], [{ pattern: 'chase', locationId: null, personId: null }]);
    expect(out.map((x) => x.personId)).toEqual(['tristan']);
  });

  it('a location rule beats a global one, and only applies at its location', () => {
    const rules = [
      { pattern: 'mike', locationId: null, personId: null },
      { pattern: 'mike', locationId: 'north', personId: 'michael-r' },
    ];
    expect(applyRules([a('michael-r', 'mike', 0.7)], rules, { locationId: 'north' })).toMatchObject([{ personId: 'michael-r', confidence: 1 }]);
    expect(applyRules([a('michael-r', 'mike', 0.7)], rules, { locationId: 'south' })).toEqual([]);
    expect(applyRules([a('michael-r', 'mike', 0.7)], [rules[1]!], { locationId: 'south' })).toMatchObject([{ confidence: 0.7 }]);
  });

  it('reassigns words to the person the rule names, even if the matcher did not find them', () => {
    const out = applyRules([a('tristan', 'tris', 0.5, 'tag')], [{ pattern: 'tris', locationId: null, personId: 'brandon' }]);
    expect(out).toEqual([expect.objectContaining({ personId: 'brandon', method: 'tag', confidence: 1 })]);
  });

  it('never touches profile attributions and keeps one per person', () => {
    const out = applyRules(
      [a('adrian', undefined, 1, 'profile'), a('adrian', 'adrian', 0.85), a('tristan', 'tristan', 0.6)],
      [{ pattern: 'adrian', locationId: null, personId: null }, { pattern: 'tristan', locationId: null, personId: 'tristan' }],
    );
    expect(out.map((x) => [x.personId, x.method, x.confidence])).toEqual([
      ['adrian', 'profile', 1],
      ['tristan', 'text', 1],
    ]);
  });
});
