import { describe, expect, it } from 'vitest';
import { expandPattern, PatternIndex } from './patterns';
import { tokenize } from './tokenize';

function longest(index: PatternIndex<string>, text: string): [string, number][] {
  const tokens = tokenize(text);
  const out: [string, number][] = [];
  for (let i = 0; i < tokens.length; ) {
    const m = index.matchAt(tokens, i);
    if (m) {
      out.push([m.payload, m.length]);
      i += m.length;
    } else i++;
  }
  return out;
}

describe('pattern syntax', () => {
  it('expands alternatives, optional slots and joined words', () => {
    expect(expandPattern('a|b c?').length).toBe(4);
    expect(expandPattern('could_not be').map((s) => s.length)).toEqual([3]);
  });

  it('rejects patterns that match nothing or start with a bare wildcard', () => {
    expect(() => expandPattern('*')).toThrow(/bare \*/);
    expect(() => expandPattern('   ')).toThrow(/matches nothing/);
    expect(() => expandPattern("a|'")).toThrow(/no word/);
  });
});

describe('PatternIndex', () => {
  const index = new PatternIndex<string>({ plurals: true });
  index.add('wait', 'wait');
  index.add('worth the wait', 'worth-wait');
  index.add('pric*', 'price');
  index.add('out of * way', 'way');
  index.add('call|called me|us? back', 'callback');
  index.add('ap*', 'short-prefix');

  it('prefers the longest match', () => {
    expect(longest(index, 'worth the wait, long wait')).toEqual([['worth-wait', 3], ['wait', 1]]);
  });

  it('matches prefixes, plurals, single-word wildcards and optional words', () => {
    expect(longest(index, 'pricey prices waits')).toEqual([['price', 1], ['price', 1], ['wait', 1]]);
    expect(longest(index, 'went out of their way')).toEqual([['way', 4]]);
    expect(longest(index, 'never called back, call us back')).toEqual([['callback', 2], ['callback', 3]]);
    expect(longest(index, 'apple')).toEqual([['short-prefix', 1]]);
  });

  it('does not let a wildcard match punctuation, but punctuation matches itself', () => {
    expect(longest(index, 'out of , way')).toEqual([]);
    const money = new PatternIndex<string>();
    money.add('$', 'price');
    expect(longest(money, 'only $5!')).toEqual([['price', 1]]);
  });

  it('lists every match at a position', () => {
    const both = new PatternIndex<number>();
    both.add('great', 1);
    both.add('great food', 2);
    expect(both.allAt(tokenize('great food'), 0).map((m) => m.payload)).toEqual([1, 2]);
    expect(both.allAt(tokenize('food'), 0)).toEqual([]);
  });
});
