import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { TokenBuckets } from '../middleware/rate-limit';
import { toCsv } from './csv';
import { decodeCursor, encodeCursor, paginate } from './pagination';
import { singleFlight } from './single-flight';

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [
      { a: 'plain', b: 'with, comma', c: 'say "hi"', d: 'two\nlines' },
      { a: '=HYPERLINK("x")', b: -3.5, c: null, d: true },
      { a: '@cmd', b: '+1', c: 'Ünïcödé 🚗', d: undefined },
    ]);
    expect(csv).toBe(
      'a,b,c,d\r\nplain,"with, comma","say ""hi""","two\nlines"\r\n"\'=HYPERLINK(""x"")",-3.5,,true\r\n\'@cmd,\'+1,Ünïcödé 🚗,\r\n',
    );
  });
});

describe('cursor pagination', () => {
  it('round-trips a cursor and rejects tampered ones with VALIDATION_FAILED on query.cursor', () => {
    const c = encodeCursor(['2026-03-01T00:00:00.000000Z', 42]);
    expect(decodeCursor(c, ['string?', 'number'])).toEqual(['2026-03-01T00:00:00.000000Z', 42]);
    expect(decodeCursor(encodeCursor([null, 7]), ['string?', 'number'])).toEqual([null, 7]);
    for (const bad of ['not a cursor!', encodeCursor(['x']), encodeCursor(['a', 'b']), Buffer.from('{"k":').toString('base64url')]) {
      try {
        decodeCursor(bad, ['string?', 'number']);
        expect.unreachable();
      } catch (e) {
        expect((e as AppError).code).toBe('VALIDATION_FAILED');
        expect((e as AppError).details.param).toBe('query.cursor');
      }
    }
  });

  it('gives a next cursor only when there is more', () => {
    expect(paginate([1, 2], 2, (x) => [x]).next_cursor).toBeNull();
    const page = paginate([1, 2, 3], 2, (x) => [x]);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.next_cursor!, ['number'])).toEqual([2]);
  });
});

describe('token bucket', () => {
  it('allows a burst, then asks to wait, then refills', () => {
    const b = new TokenBuckets({ capacity: 3, refillPerSecond: 1 });
    const t0 = 1_000_000;
    expect([b.take(1, t0), b.take(1, t0), b.take(1, t0)]).toEqual([0, 0, 0]);
    expect(b.take(1, t0)).toBe(1);
    expect(b.take(2, t0)).toBe(0);
    expect(b.take(1, t0 + 1500)).toBe(0);
  });
});

describe('single flight', () => {
  it('shares one computation among concurrent callers and forgets it once settled', async () => {
    const scope = {};
    let runs = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 20));
    const [a, b, c] = await Promise.all([singleFlight(scope, 'k', slow), singleFlight(scope, 'k', slow), singleFlight({}, 'k', slow)]);
    expect([a, b]).toEqual([1, 1]);
    expect(c).toBe(2);
    expect(await singleFlight(scope, 'k', slow)).toBe(3);
    await expect(singleFlight(scope, 'e', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await singleFlight(scope, 'e', async () => 'ok')).toBe('ok');
  });
});
