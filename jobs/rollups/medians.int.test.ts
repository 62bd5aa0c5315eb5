import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { medianOfSorted } from './medians';
import { seededRandom } from '../../core/rng';

// The projects do not inherit the root config's timeouts.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);

describe('medianOfSorted (incremental refreshes) against percentile_cont (full rebuilds)', () => {
  it('gives the same bits on odd and even counts, ties, and values that do not round-trip through decimals easily', async () => {
    const next = seededRandom(20261204);
    const groups: number[][][] = [];
    for (let g = 0; g < 200; g++) {
      // 1–6 day rows of 0–40 values: response hours with fractions of seconds, some repeated.
      const days: number[][] = [];
      for (let d = 1 + Math.floor(next() * 6); d > 0; d--) {
        const values = Array.from({ length: Math.floor(next() * 40) }, () =>
          next() < 0.2 ? 24 : (next() * 72 * 3600 + next()) / 3600,
        );
        days.push(values.sort((a, b) => a - b));
      }
      groups.push(days);
    }
    const json = JSON.stringify(groups.flatMap((days, g) => days.flatMap((values) => values.map((v) => ({ g, v })))));
    const { rows } = await sql<{ g: number; m: number }>`
      select g, percentile_cont(0.5) within group (order by v) as m
      from json_to_recordset(${json}::json) as x(g int, v float8) group by g
    `.execute(t().db);
    const expected = new Map(rows.map((r) => [r.g, r.m]));
    const mine = groups.map((days) => medianOfSorted(days.map((d) => Float64Array.from(d))));
    for (let g = 0; g < groups.length; g++) {
      // Object.is: +0/-0 and NaN would show too; toBe on numbers compares the exact double.
      expect([g, mine[g]]).toEqual([g, expected.get(g) ?? null]);
    }
    // Both branches of the formula ran: an even count with different middle values, and an odd count.
    const counts = groups.map((days) => days.reduce((n, d) => n + d.length, 0));
    expect(counts.some((n) => n > 0 && n % 2 === 0)).toBe(true);
    expect(counts.some((n) => n % 2 === 1)).toBe(true);
  });
});
