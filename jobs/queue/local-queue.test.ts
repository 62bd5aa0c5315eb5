import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger';
import { jobIdFor, queuePolicies, retryDelayMs } from './definitions';
import { createLocalQueue, type LocalQueue } from './local-queue';

/** The in-process runner's rules, without a database (memory only). */
let q: LocalQueue | null = null;
afterEach(async () => {
  await q?.stop({ graceful: false });
  q = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Retries after ~50–100 ms, ~100–200 ms...; crawl and process jobs time out after 1 s.
const tuning = { retryDelaySeconds: 0.05, crawlTimeoutSeconds: 1, otherTimeoutSeconds: 1 };

describe('local job runner', () => {
  it('retries a failing job with backoff until it succeeds', async () => {
    q = await createLocalQueue({ logger: silentLogger, tuning });
    const seen: { at: number; retry: number }[] = [];
    await q.work('alerts', async (job) => {
      seen.push({ at: Date.now(), retry: job.retryCount });
      if (seen.length < 3) throw new Error('webhook down');
      return 'ok';
    });
    await q.send('alerts', {});
    await q.idle();
    expect(seen.map((s) => s.retry)).toEqual([0, 1, 2]);
    // Second wait at least half of 2× the first full delay (jittered backoff).
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(45);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(95);
  });

  it('aborts a job at its timeout and retries it', async () => {
    q = await createLocalQueue({ logger: silentLogger, tuning });
    const signals: AbortSignal[] = [];
    await q.work('process', async (job) => {
      signals.push(job.signal);
      if (job.retryCount === 0) await new Promise((r) => job.signal.addEventListener('abort', r));
      return 'done';
    });
    await q.send('process', {});
    await q.idle();
    expect(signals).toHaveLength(2);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
  });

  it('never runs two jobs with the same singleton key at once, while other keys run in parallel', async () => {
    q = await createLocalQueue({ logger: silentLogger, tuning });
    const running = new Map<number, number>();
    let maxSame = 0;
    let maxAll = 0;
    await q.work(
      'crawl',
      async (job) => {
        const id = job.data.targetId;
        running.set(id, (running.get(id) ?? 0) + 1);
        maxSame = Math.max(maxSame, running.get(id)!);
        maxAll = Math.max(maxAll, [...running.values()].reduce((a, b) => a + b, 0));
        await sleep(30);
        running.set(id, running.get(id)! - 1);
      },
      { concurrency: 4 },
    );
    for (let i = 0; i < 4; i++) {
      await q.send('crawl', { targetId: 1, mode: 'auto' }, { singletonKey: 'target:1' });
      await q.send('crawl', { targetId: 2, mode: 'auto' }, { singletonKey: 'target:2' });
    }
    await q.idle();
    expect(maxSame).toBe(1);
    expect(maxAll).toBe(2);
  });

  it('drops a job whose id was sent before, and a second waiting job of a stately queue', async () => {
    q = await createLocalQueue({ logger: silentLogger, tuning });
    const id = jobIdFor('crawl|1|2026-11-22T03:00:00.000Z');
    expect(await q.send('crawl', { targetId: 1, mode: 'auto' }, { id })).toBe(id);
    expect(await q.send('crawl', { targetId: 1, mode: 'auto' }, { id })).toBeNull();
    expect(await q.send('process', {})).not.toBeNull();
    expect(await q.send('process', {})).toBeNull();
    expect(await q.depth()).toMatchObject({ crawl: 1, process: 1, rollups: 0 });
  });

  it('gives up after the retry limit', async () => {
    q = await createLocalQueue({ logger: silentLogger, tuning });
    let calls = 0;
    await q.work('rollups', async () => {
      calls++;
      throw new Error('always');
    });
    await q.send('rollups', {});
    await q.idle();
    expect(calls).toBe(queuePolicies().rollups.retryLimit + 1);
  });
});

describe('queue definitions', () => {
  it('derives the same UUID-shaped id from the same key', () => {
    const a = jobIdFor('x');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdFor('x')).toBe(a);
    expect(jobIdFor('y')).not.toBe(a);
  });

  it('backs off exponentially', () => {
    const p = { retryDelaySeconds: 10, retryBackoff: true };
    expect([0, 1, 2].map((n) => retryDelayMs(p, n, () => 1))).toEqual([20_000, 40_000, 80_000]);
    expect(retryDelayMs(p, 0, () => 0)).toBe(10_000);
  });
});
