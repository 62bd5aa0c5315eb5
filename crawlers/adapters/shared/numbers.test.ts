import { describe, expect, it } from 'vitest';
import { parseCount, parseDecimal, parseRatingText, ratingFromClass, ratingFromStarGlyphs, ratingFromWidth } from './numbers';

describe('parseDecimal', () => {
  it('reads ratings with a decimal point or comma', () => {
    expect(parseDecimal('4.9')).toBe(4.9);
    expect(parseDecimal('4,5')).toBe(4.5);
    expect(parseDecimal(' 3 ')).toBe(3);
    expect(parseDecimal('Rated 4.8 out of 5')).toBe(4.8);
    expect(parseDecimal(7)).toBe(7);
  });

  it('understands thousands separators', () => {
    expect(parseDecimal('1,674')).toBe(1674);
    expect(parseDecimal('1,234.5')).toBe(1234.5);
    expect(parseDecimal('1.234,5')).toBe(1234.5);
  });

  it('returns null for garbage', () => {
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('n/a')).toBeNull();
    expect(parseDecimal(null)).toBeNull();
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal('1.2.3')).toBeNull();
  });
});

describe('parseCount', () => {
  it('reads counts in several notations', () => {
    expect(parseCount('1,674')).toBe(1674);
    expect(parseCount('2.200')).toBe(2200);
    expect(parseCount('2 200 avis')).toBe(2200);
    expect(parseCount('Showing 2,200 reviews')).toBe(2200);
    expect(parseCount('(99)')).toBe(99);
    expect(parseCount('1.2k reviews')).toBe(1200);
    expect(parseCount(12.6)).toBe(13);
  });

  it('returns null without digits', () => {
    expect(parseCount('no reviews yet')).toBeNull();
    expect(parseCount('')).toBeNull();
    expect(parseCount(undefined)).toBeNull();
    expect(parseCount(-3)).toBeNull();
  });
});

describe('parseRatingText', () => {
  it('reads "n of m" forms with their scale', () => {
    expect(parseRatingText('(4 of 5)')).toEqual({ value: 4, scale: 5 });
    expect(parseRatingText('4/5')).toEqual({ value: 4, scale: 5 });
    expect(parseRatingText('4.5 out of 5 stars')).toEqual({ value: 4.5, scale: 5 });
    expect(parseRatingText('Rated 8 of 10')).toEqual({ value: 8, scale: 10 });
  });

  it('reads a bare number on the default scale', () => {
    expect(parseRatingText('4.5 stars')).toEqual({ value: 4.5, scale: 5 });
    expect(parseRatingText('9', 10)).toEqual({ value: 9, scale: 10 });
  });

  it('refuses impossible or empty values', () => {
    expect(parseRatingText('(6 of 5)')).toBeNull();
    expect(parseRatingText('great')).toBeNull();
    expect(parseRatingText(null)).toBeNull();
  });
});

describe('ratingFromClass', () => {
  it('reads DealerRater-style classes', () => {
    expect(ratingFromClass('rating-50')).toBe(5);
    expect(ratingFromClass('rating-static visible-xs rating-45 pull-right')).toBe(4.5);
    expect(ratingFromClass('rating-static-indv rating-10 td')).toBe(1);
  });

  it('needs the prefix at a class boundary', () => {
    expect(ratingFromClass('myrating-50')).toBeNull();
    expect(ratingFromClass('rating-static')).toBeNull();
    expect(ratingFromClass('')).toBeNull();
    expect(ratingFromClass(undefined)).toBeNull();
  });

  it('accepts another prefix and divisor', () => {
    expect(ratingFromClass('star stars-4', 'stars-', 1)).toBe(4);
  });
});

describe('ratingFromWidth and ratingFromStarGlyphs', () => {
  it('reads a fill width', () => {
    expect(ratingFromWidth('width:80%')).toBe(4);
    expect(ratingFromWidth('width: 93%;')).toBe(4.7);
    expect(ratingFromWidth('width:100%', 10)).toBe(10);
    expect(ratingFromWidth('color: red')).toBeNull();
    expect(ratingFromWidth('width:180%')).toBeNull();
  });

  it('counts star glyphs', () => {
    expect(ratingFromStarGlyphs('★★★★☆')).toBe(4);
    expect(ratingFromStarGlyphs('☆☆☆☆☆')).toBe(0);
    expect(ratingFromStarGlyphs('four')).toBeNull();
  });
});
