import { describe, expect, it } from 'vitest';
import { batchedByShape } from './batch-by-shape';

/** The batching rules on a fake read (the database side is in batch-by-shape.int.test.ts). */
function world(fail?: string) {
  const reads: { shape: string; ids: number[] }[] = [];
  const read = batchedByShape<string, string>({
    shapeKey: (s) => s,
    readMany: async (shape, ids) => {
      reads.push({ shape, ids });
      if (shape === fail) throw new Error(`cannot read ${shape}`);
      return new Map(ids.filter((id) => id > 0).map((id) => [id, `${shape}:${id}`]));
    },
    none: (shape) => `${shape}:none`,
    maxBatchSize: 3,
  });
  return { read, reads };
}

describe('batchedByShape', () => {
  it('reads each shape once per batch, with each id once, and answers every request', async () => {
    const w = world();
    const answers = await Promise.all([w.read('month', 1), w.read('week', 1), w.read('month', 1), w.read('month', -5)]);
    expect(answers).toEqual(['month:1', 'week:1', 'month:1', 'month:none']);
    // maxBatchSize 3: the first three requests are one batch, the fourth another.
    expect(w.reads).toEqual([{ shape: 'month', ids: [1] }, { shape: 'week', ids: [1] }, { shape: 'month', ids: [-5] }]);
  });

  it('fails only the requests of the shape whose read failed', async () => {
    const w = world('week');
    const answers = await Promise.allSettled([w.read('month', 1), w.read('week', 2)]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: 'month:1' });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { message: 'cannot read week' } });
  });

  it('does not hold back a request that comes alone beyond the current turn of the event loop', async () => {
    const w = world();
    expect(await w.read('month', 7)).toBe('month:7');
    expect(await w.read('month', 8)).toBe('month:8');
    expect(w.reads).toHaveLength(2);
  });
});
