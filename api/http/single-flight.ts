/**
 * Coalesces identical concurrent reads: while one computation for a key is in
 * flight, later callers with the same key wait for it instead of starting
 * their own. Nothing is kept once it settles, so answers are never staler
 * than the database. Worth it for the heavy shared reads (a company-wide
 * league table that a room full of dashboards opens at 9 am); keyed per
 * database so separate apps never share results.
 */
const inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

export function singleFlight<T>(scope: object, key: string, compute: () => Promise<T>): Promise<T> {
  let map = inFlight.get(scope);
  if (!map) inFlight.set(scope, (map = new Map()));
  const running = map.get(key);
  if (running) return running as Promise<T>;
  const promise = compute().finally(() => map.delete(key));
  map.set(key, promise);
  return promise;
}
