import robotsParser from 'robots-parser';

/**
 * robots.txt, fetched once per origin per crawl (with our User-Agent) and
 * asked about every URL before it is queued. As RFC 9309 says: a missing
 * file (4xx) allows everything; an unreachable one (5xx, network error)
 * allows nothing.
 */
export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay for our agent, in ms, when the file sets one. */
  crawlDelayMs: number | null;
  /** Why it was refused, for the run's error message. */
  reason: string | null;
}

type Robot = ReturnType<typeof robotsParser>;

export class RobotsCache {
  private readonly files = new Map<string, Promise<{ robot: Robot | null; unreachable: string | null }>>();

  constructor(
    private readonly userAgent: string,
    private readonly timeoutMs: number,
  ) {}

  async check(url: string): Promise<RobotsVerdict> {
    const u = new URL(url);
    const robotsUrl = `${u.origin}/robots.txt`;
    let file = this.files.get(u.origin);
    if (!file) {
      file = this.fetchFile(robotsUrl);
      this.files.set(u.origin, file);
    }
    const { robot, unreachable } = await file;
    if (unreachable) return { allowed: false, crawlDelayMs: null, reason: `${robotsUrl} could not be read (${unreachable}), which means "do not crawl"` };
    if (!robot) return { allowed: true, crawlDelayMs: null, reason: null };
    const allowed = robot.isAllowed(url, this.userAgent) !== false;
    const delay = robot.getCrawlDelay(this.userAgent);
    return {
      allowed,
      crawlDelayMs: typeof delay === 'number' && delay > 0 ? delay * 1000 : null,
      reason: allowed ? null : `${robotsUrl} disallows ${u.pathname}${u.search} for our user agent`,
    };
  }

  private async fetchFile(robotsUrl: string): Promise<{ robot: Robot | null; unreachable: string | null }> {
    try {
      const res = await fetch(robotsUrl, {
        headers: { 'user-agent': this.userAgent, accept: 'text/plain,*/*' },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
      if (res.status >= 500) return { robot: null, unreachable: `HTTP ${res.status}` };
      if (res.status >= 400) return { robot: null, unreachable: null };
      return { robot: robotsParser(robotsUrl, await res.text()), unreachable: null };
    } catch (error) {
      return { robot: null, unreachable: (error as Error).message };
    }
  }
}
