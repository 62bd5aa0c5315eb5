import { Request, type RequestQueue, type AddRequestsBatchedResult, type IRequestManager, type RequestQueueOperationInfo, type RequestsLike, type Source } from '@crawlee/core';

/**
 * A plain in-memory FIFO for crawlee. The engine queues each page only when
 * its host gate opens, so the queue stays short, and nothing about a crawl
 * outlives it. crawlee's own RequestQueue (memory storage) scans every
 * request ever added to find the next one and validates every call, which
 * made queue bookkeeping cost more than fetching a page (bench/crawl).
 */
export class PageQueue implements IRequestManager {
  private readonly pending: Request[] = [];
  private readonly inProgress = new Set<string>();
  private readonly seen = new Set<string>();
  private handled = 0;
  private total = 0;
  private nextId = 0;

  constructor() {
    // crawlee's option check wants these as own properties of whatever is passed as `requestQueue`.
    this.fetchNextRequest = this.fetchNextRequest.bind(this);
    this.addRequest = this.addRequest.bind(this);
  }

  /** For the crawler's `requestQueue` option (HttpCrawler's option check does not know `requestManager`). */
  asRequestQueue(): RequestQueue {
    return this as unknown as RequestQueue;
  }

  async isFinished(): Promise<boolean> {
    return this.pending.length === 0 && this.inProgress.size === 0;
  }

  async isEmpty(): Promise<boolean> {
    return this.pending.length === 0;
  }

  async handledCount(): Promise<number> {
    return this.handled;
  }

  getTotalCount(): number {
    return this.total;
  }

  getPendingCount(): number {
    return this.pending.length + this.inProgress.size;
  }

  async fetchNextRequest<T extends Record<string, any> = Record<string, any>>(): Promise<Request<T> | null> {
    const request = this.pending.shift();
    if (!request) return null;
    this.inProgress.add(request.id!);
    return request as unknown as Request<T>;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Request> {
    for (let r = await this.fetchNextRequest(); r; r = await this.fetchNextRequest()) yield r;
  }

  async markRequestHandled(request: Request): Promise<RequestQueueOperationInfo> {
    this.inProgress.delete(request.id!);
    this.handled++;
    request.handledAt ??= new Date().toISOString();
    return this.info(request, true, true);
  }

  async reclaimRequest(request: Request, options?: { forefront?: boolean }): Promise<RequestQueueOperationInfo> {
    this.inProgress.delete(request.id!);
    if (options?.forefront) this.pending.unshift(request);
    else this.pending.push(request);
    return this.info(request, true, false);
  }

  async addRequest(source: Source, options?: { forefront?: boolean }): Promise<RequestQueueOperationInfo> {
    const request = source instanceof Request ? source : new Request(typeof source === 'string' ? { url: source } : (source as ConstructorParameters<typeof Request>[0]));
    // Same uniqueKey twice is one page: crawlee's queue deduplicates the same way.
    if (this.seen.has(request.uniqueKey)) return this.info(request, true, false);
    this.seen.add(request.uniqueKey);
    request.id ??= `p${++this.nextId}`;
    this.total++;
    if (options?.forefront) this.pending.unshift(request);
    else this.pending.push(request);
    return this.info(request, false, false);
  }

  async addRequestsBatched(requests: RequestsLike, options?: { forefront?: boolean }): Promise<AddRequestsBatchedResult> {
    const added: RequestQueueOperationInfo[] = [];
    for await (const r of requests as AsyncIterable<Source | string>) added.push(await this.addRequest(typeof r === 'string' ? { url: r } : r, options));
    return { addedRequests: added, waitForAllRequestsToBeAdded: Promise.resolve([]) };
  }

  private info(request: Request, present: boolean, handled: boolean): RequestQueueOperationInfo {
    return { requestId: request.id!, uniqueKey: request.uniqueKey, wasAlreadyPresent: present, wasAlreadyHandled: handled, forefront: false };
  }
}
