import { describe, expect, it } from 'vitest';
import { parseDate } from './dates';

const crawledAt = new Date('2024-06-20T15:30:00.000Z');
const p = (value: unknown, format?: string) => parseDate(value, format ? { crawledAt, format } : { crawledAt });

describe('parseDate: absolute dates', () => {
  it('keeps ISO timestamps exact, converting offsets to UTC', () => {
    expect(p('2024-06-11T16:08:24.000Z')).toEqual({ iso: '2024-06-11T16:08:24.000Z', precision: 'exact', raw: '2024-06-11T16:08:24.000Z' });
    expect(p('2024-06-11T18:08:24+02:00')?.iso).toBe('2024-06-11T16:08:24.000Z');
    expect(p('2024-06-11T18:08:24+0200')?.iso).toBe('2024-06-11T16:08:24.000Z');
    expect(p('2024-06-11 16:08')?.iso).toBe('2024-06-11T16:08:00.000Z');
  });

  it('reads written-out days at day precision', () => {
    for (const text of ['January 27, 2022', 'Jan. 27 2022', 'jan 27, 2022', '27 January 2022', '27th Jan, 2022', 'Posted on January 27, 2022', 'Thursday, January 27, 2022', 'Date of experience: 27 January 2022']) {
      expect(p(text), text).toMatchObject({ iso: '2022-01-27T00:00:00.000Z', precision: 'day' });
    }
    expect(p('Dec 18, 2021 - ')).toMatchObject({ iso: '2021-12-18T00:00:00.000Z', precision: 'day' });
    expect(p('2024-04-02')).toMatchObject({ iso: '2024-04-02T00:00:00.000Z', precision: 'day' });
  });

  it('keeps the text as shown in raw', () => {
    expect(p('  Reviewed in June 2019 ')?.raw).toBe('Reviewed in June 2019');
  });

  it('reads month-only dates at month precision', () => {
    expect(p('Reviewed in June 2019')).toEqual({ iso: '2019-06-01T00:00:00.000Z', precision: 'month', raw: 'Reviewed in June 2019' });
    expect(p('June 2019')).toMatchObject({ iso: '2019-06-01T00:00:00.000Z', precision: 'month' });
    expect(p('Sept 2019')).toMatchObject({ iso: '2019-09-01T00:00:00.000Z', precision: 'month' });
    expect(p('2019-06')).toMatchObject({ iso: '2019-06-01T00:00:00.000Z', precision: 'month' });
  });

  it('reads a bare year at year precision', () => {
    expect(p('2019')).toMatchObject({ iso: '2019-01-01T00:00:00.000Z', precision: 'year' });
  });

  it('reads numeric dates: slashes month first unless impossible, dots day first', () => {
    expect(p('03/04/2024')?.iso).toBe('2024-03-04T00:00:00.000Z');
    expect(p('25/12/2023')?.iso).toBe('2023-12-25T00:00:00.000Z');
    expect(p('25.12.2023')?.iso).toBe('2023-12-25T00:00:00.000Z');
    expect(p('1/2/24')?.iso).toBe('2024-01-02T00:00:00.000Z');
  });

  it('uses a date-fns format hint first when given', () => {
    expect(p('04/03/2024', 'dd/MM/yyyy')).toMatchObject({ iso: '2024-03-04T00:00:00.000Z', precision: 'day' });
    expect(p('03.2024', 'MM.yyyy')).toMatchObject({ iso: '2024-03-01T00:00:00.000Z', precision: 'month' });
    // A hint that does not fit falls back to the built-in patterns.
    expect(p('June 3, 2024', 'dd/MM/yyyy')?.iso).toBe('2024-06-03T00:00:00.000Z');
  });

  it('accepts epoch numbers and Date objects as exact', () => {
    expect(p(1718122104)).toEqual({ iso: '2024-06-11T16:08:24.000Z', precision: 'exact' });
    expect(p(1718122104000)?.iso).toBe('2024-06-11T16:08:24.000Z');
    expect(p(new Date('2024-01-01T00:00:00Z'))?.precision).toBe('exact');
  });
});

describe('parseDate: relative dates (approximate, resolved against the crawl time)', () => {
  it.each([
    ['3 weeks ago', '2024-05-30T00:00:00.000Z'],
    ['a month ago', '2024-05-20T00:00:00.000Z'],
    ['2 days ago', '2024-06-18T00:00:00.000Z'],
    ['yesterday', '2024-06-19T00:00:00.000Z'],
    ['today', '2024-06-20T00:00:00.000Z'],
    ['a year ago', '2023-06-20T00:00:00.000Z'],
    ['last week', '2024-06-13T00:00:00.000Z'],
    ['5 hours ago', '2024-06-20T10:30:00.000Z'],
    ['an hour ago', '2024-06-20T14:30:00.000Z'],
    ['Just now', '2024-06-20T15:30:00.000Z'],
    ['about 2 months ago', '2024-04-20T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(p(text)).toEqual({ iso, precision: 'approximate', raw: text });
  });
});

describe('parseDate: odd input', () => {
  it('returns null for empty and garbage', () => {
    for (const value of ['', '   ', null, undefined, 'garbage', 'soon', '12345', {}, [], Number.NaN, -5]) {
      expect(p(value), String(value)).toBeNull();
    }
  });

  it('returns null for days that do not exist', () => {
    expect(p('February 30, 2022')).toBeNull();
    expect(p('2023-02-29')).toBeNull();
    expect(p('13/13/2020')).toBeNull();
    expect(p('2024-13-01T00:00:00Z')).toBeNull();
  });

  it('refuses dates in the future of the crawl, beyond clock skew', () => {
    expect(p('January 27, 2030')).toBeNull();
    expect(p('2099')).toBeNull();
    expect(p('July 2024')).toBeNull();
    expect(p('in 3 days')).toBeNull();
    // A few hours ahead is clock skew between the site and us, not an error.
    expect(p('2024-06-20T20:00:00Z')?.iso).toBe('2024-06-20T20:00:00.000Z');
  });

  it('refuses implausibly old dates', () => {
    expect(p('1899')).toBeNull();
    expect(p('January 1, 1970')).toBeNull();
  });
});
