import { silentLogger } from '../../core/logger';
import { createPgBossQueue } from '../../jobs/queue/pgboss-queue';
import { round } from '../lib/cli';
import { percentile } from '../api/load';

/**
 * What the queue itself costs a job: repwatch's pg-boss queue (send, fetch,
 * runJob wrapper, complete) around a handler that does nothing.
 *  - pickup: an idle worker, one job sent at a time: send → handler start.
 *    Bounded below by pg-boss polling (0.5 s here, 2 s by default).
 *  - drain: N no-op jobs queued first, then worked by `concurrency` loops:
 *    wall time × concurrency / N is the queue's cost per job when busy.
 * Two different queues keep the two measurements apart (both 'standard').
 */
export interface OverheadResult {
  pollingIntervalSeconds: number;
  send: { jobs: number; msPerJob: number };
  pickup: { jobs: number; p50Ms: number; p95Ms: number };
  drain: { jobs: number; concurrency: number; seconds: number; jobsPerSecond: number; msPerJob: number };
}

export async function queueOverhead(opts: { url: string; bossSchema: string; jobs: number; pickups: number; concurrency: number }): Promise<OverheadResult> {
  const pollingIntervalSeconds = 0.5;
  const queue = await createPgBossQueue({ connectionString: opts.url, schema: opts.bossSchema, logger: silentLogger, pollingIntervalSeconds, poolSize: opts.concurrency + 4 });
  try {
    // Pickup latency on 'digest'.
    let started: (() => void) | null = null;
    await queue.work('digest', async () => void started?.(), { concurrency: 1 });
    const pickups: number[] = [];
    for (let i = 0; i < opts.pickups; i++) {
      const seen = new Promise<void>((resolve) => (started = resolve));
      const t0 = performance.now();
      await queue.send('digest', { days: i });
      await seen;
      pickups.push(performance.now() - t0);
      // Let the loop go idle again, so every pickup starts from an idle poll at a different phase.
      await new Promise((r) => setTimeout(r, 150 + ((i * 137) % 400)));
    }
    pickups.sort((a, b) => a - b);

    // Drain on 'crawl' (the handler never runs a crawl: it is replaced by a no-op here).
    const t0 = performance.now();
    for (let i = 0; i < opts.jobs; i++) await queue.send('crawl', { targetId: i, mode: 'full' });
    const sendMs = performance.now() - t0;
    let done = 0;
    let finish: () => void = () => {};
    const all = new Promise<void>((resolve) => (finish = resolve));
    const t1 = performance.now();
    await queue.work('crawl', async () => {
      if (++done === opts.jobs) finish();
    }, { concurrency: opts.concurrency });
    await all;
    const drainMs = performance.now() - t1;
    return {
      pollingIntervalSeconds,
      send: { jobs: opts.jobs, msPerJob: round(sendMs / opts.jobs, 2) },
      pickup: { jobs: pickups.length, p50Ms: round(percentile(pickups, 50)), p95Ms: round(percentile(pickups, 95)) },
      drain: {
        jobs: opts.jobs,
        concurrency: opts.concurrency,
        seconds: round(drainMs / 1000, 2),
        jobsPerSecond: round(opts.jobs / (drainMs / 1000)),
        msPerJob: round((drainMs * opts.concurrency) / opts.jobs, 1),
      },
    };
  } finally {
    await queue.stop({ graceful: false });
  }
}
