/**
 * Politeness per host: at most `perHost` requests in flight to one host, and
 * at least `delayMs` between one finishing and the next starting. Requests
 * are handed to crawlee only when the gate opens, so a waiting request never
 * holds a crawler slot or runs down crawlee's timeouts.
 */
export class HostGate {
  private readonly hosts = new Map<string, { active: number; lastDone: number; queue: (() => void)[]; timer: NodeJS.Timeout | null }>();
  private closed = false;
  private active = 0;

  constructor(
    private readonly perHost: number,
    private readonly delayFor: (host: string) => number,
    /** Requests allowed in flight over all hosts right now (the memory budget lowers it). */
    private readonly totalLimit: () => number = () => Infinity,
  ) {}

  /**
   * Runs `start` when `host` has a free slot and its delay has passed. `first` puts it ahead of the host's
   * waiting requests: the engine uses it for the next page of a target already under way, so targets are
   * finished one after another (at most `perHost` of them open per host) instead of all being started at
   * once and advanced a page per round. Politeness is the same either way.
   */
  schedule(host: string, start: () => void, first = false): void {
    if (this.closed) return;
    const { queue } = this.state(host);
    if (first) queue.unshift(start);
    else queue.push(start);
    this.pump(host);
  }

  /** The request started by `schedule` has finished (success or final failure). */
  release(host: string): void {
    const s = this.state(host);
    if (s.active > 0) this.active--;
    s.active = Math.max(0, s.active - 1);
    s.lastDone = Date.now();
    this.pump(host);
    // A freed global slot may let another host's waiting request go.
    for (const other of this.hosts.keys()) if (other !== host) this.pump(other);
  }

  close(): void {
    this.closed = true;
    for (const s of this.hosts.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.queue.length = 0;
    }
  }

  private state(host: string) {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, lastDone: 0, queue: [], timer: null };
      this.hosts.set(host, s);
    }
    return s;
  }

  private pump(host: string): void {
    const s = this.state(host);
    while (!this.closed && s.queue.length > 0 && s.active < this.perHost && !s.timer && this.active < this.totalLimit()) {
      const wait = s.lastDone + this.delayFor(host) - Date.now();
      if (wait > 0) {
        s.timer = setTimeout(() => {
          s.timer = null;
          this.pump(host);
        }, wait);
        return;
      }
      s.active++;
      this.active++;
      s.queue.shift()!();
    }
  }
}
