import DataLoader from 'dataloader';
import { groupBy } from '../../core/group-by';

/**
 * Reads batched across concurrent requests. When many clients open the same
 * kind of answer for different entities at once (a dashboard of people, each
 * tile its own request), the requests that reach the database in the same
 * turn of the event loop share one statement instead of one round trip each.
 * At 5M reviews and 32 clients the round trip itself (the socket write that
 * hands a query to PostgreSQL, and PostgreSQL's planning of it) was the
 * largest part of a person's series; see docs/benchmarks.md.
 *
 * Requests are batched when their shape (everything but the entity id) is
 * the same; `readMany` answers one shape for a list of distinct ids. A request
 * alone waits one setImmediate, nothing more. Nothing is cached: each batch
 * reads the database afresh.
 */
export type BatchedRead<S, R> = (shape: S, id: number) => Promise<R>;

export function batchedByShape<S, R>(opts: {
  shapeKey: (shape: S) => string;
  readMany: (shape: S, ids: number[]) => Promise<Map<number, R>>;
  /** The answer for an id the read returned nothing for. */
  none: (shape: S) => R;
  maxBatchSize?: number;
}): BatchedRead<S, R> {
  type Key = { shape: S; shapeKey: string; id: number };
  const loader = new DataLoader<Key, R>(
    async (keys) => {
      // Shapes are read side by side; a failed read fails only the requests of its shape.
      const answers = new Map<string, Map<number, R> | Error>();
      await Promise.all(
        [...groupBy(keys, (k) => k.shapeKey)].map(async ([key, group]) => {
          try {
            answers.set(key, await opts.readMany(group[0]!.shape, [...new Set(group.map((k) => k.id))]));
          } catch (e) {
            answers.set(key, e instanceof Error ? e : new Error(String(e)));
          }
        }),
      );
      return keys.map((k) => {
        const got = answers.get(k.shapeKey)!;
        if (got instanceof Error) return got;
        return got.has(k.id) ? got.get(k.id)! : opts.none(k.shape);
      });
    },
    { cache: false, maxBatchSize: opts.maxBatchSize ?? 200, batchScheduleFn: (run) => setImmediate(run) },
  );
  return (shape, id) => loader.load({ shape, shapeKey: opts.shapeKey(shape), id });
}
