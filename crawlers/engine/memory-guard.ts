import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a crawl within settings.crawl.memoryBudgetMb, and keeps V8 from sizing its heap on a bad reading.
 *
 * Why: a crawl allocates fast (~2 MB per page, most of it the adapter's parse) and V8 lets its old space grow
 * to about 4× what the last major GC left alive. Now and then an incremental major GC keeps garbage it
 * allocated while marking (bench/crawl at 10,000 pages: a GC left 172 MB where the live heap was 68 MB, as a
 * full GC 0.1 s later showed; in another run 302 MB, after which the heap grew to 1.2 GB and RSS to 1.4 GB).
 * Throttling the crawl does not help then: the garbage is already there and V8 will not collect it before its
 * limit. So the guard:
 *  - after each major GC, compares what it left with the live size measured before; far above it, runs one
 *    full GC, which finds the real live size, and V8 sizes the heap from that;
 *  - over the budget (RSS, read at most every SAMPLE_MS), runs a full GC first and reports "over" (the
 *    engine then goes one request at a time) only while the memory is still there afterwards.
 * Full GCs are at least COOLDOWN_MS apart; each costs tens of milliseconds at a crawl's live size.
 */
/** How stale the reading of RSS may be: it is asked before every request, and memory moves slowly. */
const SAMPLE_MS = 200;
const COOLDOWN_MS = 5000;
/** A major GC leaving more than this above the known live size (and over twice it) kept garbage. */
const INFLATED_SLACK = 64 * 1024 * 1024;

let fullGc: (() => void) | null | undefined;

/**
 * Node has no API to request a full GC without --expose-gc; the flag can be set at run time for the function
 * to be taken from a fresh context (jest's leak detector does the same), then cleared: no global `gc` appears.
 */
function collector(): (() => void) | null {
  if (fullGc !== undefined) return fullGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (fullGc = existing);
  try {
    v8.setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  } catch {
    fullGc = null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return fullGc;
}

export class MemoryGuard {
  private readonly observer: PerformanceObserver;
  /** Live heap as last measured by a full GC (or the lowest a major GC left), 0 until known. */
  private liveBytes = 0;
  private lastFullGc = 0;
  private sampledAt = 0;
  private over = false;
  /** Full GCs the guard ran (for tests and logs). */
  collections = 0;

  constructor(private readonly budgetBytes: number) {
    this.observer = new PerformanceObserver((list) => {
      const major = list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (major) this.afterMajorGc();
    });
  }

  /** Starts watching major GCs; stop() ends it. */
  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Whether the process is over the budget even after collecting; cheap enough to ask before every request. */
  overBudget(): boolean {
    const now = Date.now();
    if (now - this.sampledAt < SAMPLE_MS) return this.over;
    this.sampledAt = now;
    this.over = process.memoryUsage.rss() > this.budgetBytes && !(this.collect() && process.memoryUsage.rss() <= this.budgetBytes);
    return this.over;
  }

  stop(): void {
    this.observer.disconnect();
  }

  private afterMajorGc(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (this.liveBytes === 0 || used < this.liveBytes) {
      this.liveBytes = used;
      return;
    }
    if (used > 2 * this.liveBytes && used - this.liveBytes > INFLATED_SLACK) this.collect();
  }

  /** One full GC, unless one ran within COOLDOWN_MS; true when it ran. */
  private collect(): boolean {
    const now = Date.now();
    const gc = collector();
    if (!gc || now - this.lastFullGc < COOLDOWN_MS) return false;
    this.lastFullGc = now;
    gc();
    this.collections++;
    // What a full GC leaves is the live size: later GCs are judged against it (it may have grown for real).
    this.liveBytes = v8.getHeapStatistics().used_heap_size;
    return true;
  }
}
