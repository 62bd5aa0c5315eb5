import { describe, expect, it } from 'vitest';
import { cleanText, languageCode, stripPrefix } from './text';

describe('cleanText', () => {
  it('collapses whitespace and trims', () => {
    expect(cleanText('  Great \n\t service  ')).toBe('Great service');
    expect(cleanText('a\u00A0b')).toBe('a b');
  });

  it('returns null for empty, blank and non-text input', () => {
    expect(cleanText('')).toBeNull();
    expect(cleanText(' \n\t ')).toBeNull();
    expect(cleanText(null)).toBeNull();
    expect(cleanText(undefined)).toBeNull();
    expect(cleanText({ a: 1 })).toBeNull();
    expect(cleanText('\u200B\uFEFF')).toBeNull();
  });

  it('turns numbers into text', () => {
    expect(cleanText(4.5)).toBe('4.5');
  });

  it('keeps paragraphs in multiline mode, at most one blank line', () => {
    expect(cleanText('First  line\r\n\r\n\r\n\r\n  second\tline \n third', { multiline: true })).toBe('First line\n\nsecond line\nthird');
  });

  it('decodes entities only when asked', () => {
    expect(cleanText('Tom &amp; Jerry&#039;s', { decodeEntities: true })).toBe("Tom & Jerry's");
    expect(cleanText('Tom &amp; Jerry')).toBe('Tom &amp; Jerry');
  });

  it('keeps emoji, including skin tones and ZWJ sequences, but drops invisible characters', () => {
    expect(cleanText('Great 👍🏽 family 👨‍👩‍👧 car 🚗')).toBe('Great 👍🏽 family 👨‍👩‍👧 car 🚗');
    expect(cleanText('zero\u200Bwidth soft\u00ADhyphen')).toBe('zerowidth softhyphen');
  });
});

describe('stripPrefix', () => {
  it('removes a leading label', () => {
    expect(stripPrefix('by johnkim', /^by\s+/i)).toBe('johnkim');
    expect(stripPrefix('johnkim', /^by\s+/i)).toBe('johnkim');
  });
});

describe('languageCode', () => {
  it('reduces a language tag to its primary code', () => {
    expect(languageCode('en-US')).toBe('en');
    expect(languageCode('nb_NO')).toBe('nb');
    expect(languageCode('ES')).toBe('es');
    expect(languageCode('no')).toBe('no');
  });

  it('rejects things that are not language tags', () => {
    expect(languageCode('english')).toBeNull();
    expect(languageCode('x')).toBeNull();
    expect(languageCode('')).toBeNull();
    expect(languageCode(42)).toBeNull();
  });
});
