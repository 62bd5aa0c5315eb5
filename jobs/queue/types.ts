import type { Logger } from '../../core/logger';

/**
 * The job queue as the rest of repwatch sees it. Two implementations share
 * this interface: pg-boss on PostgreSQL (any number of worker processes on any
 * number of machines) and a small in-process runner on the embedded PGlite
 * database (one process). Handlers are written once against it.
 */
export const QUEUE_NAMES = ['crawl', 'process', 'rollups', 'alerts', 'digest'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface CrawlJobData {
  targetId: number;
  mode: 'incremental' | 'full' | 'auto';
  /** The schedule slot that asked for it (task name + fire time), absent for manual crawls. */
  slot?: string;
}
export interface ProcessJobData {
  /** The crawl run whose reviews made this job necessary (for logs only: a run processes everything pending). */
  afterRun?: number;
}
export interface RollupsJobData {
  slot?: string;
}
export interface AlertsJobData {
  slot?: string;
}
export interface DigestJobData {
  slot?: string;
  /** Length of the summarised window in days (7 for the weekly digest). */
  days?: number;
}

export interface JobDataMap {
  crawl: CrawlJobData;
  process: ProcessJobData;
  rollups: RollupsJobData;
  alerts: AlertsJobData;
  digest: DigestJobData;
}

export interface SendOptions {
  /**
   * Job id. Scheduled jobs get an id derived from their slot, so the same slot
   * enqueued twice (two schedulers, a retried enqueue) is one job.
   */
  id?: string;
  /** Jobs sharing a key: on 'stately' queues at most one waits and one runs. */
  singletonKey?: string;
  startAfterSeconds?: number;
}

/** A job as a handler receives it. */
export interface RunningJob<T> {
  id: string;
  queue: QueueName;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job's timeout is reached or the worker stops. */
  signal: AbortSignal;
  /** Carries the job id and queue (and, for crawls, the target). */
  logger: Logger;
}

export type JobHandler<T> = (job: RunningJob<T>) => Promise<unknown>;

export interface WorkOptions {
  /** Jobs of this queue running at once in this process. */
  concurrency?: number;
}

export interface JobQueue {
  readonly kind: 'pg-boss' | 'local';
  /** Returns the job id, or null when an identical job is already waiting (same id, or a stately key). */
  send<Q extends QueueName>(queue: Q, data: JobDataMap[Q], options?: SendOptions): Promise<string | null>;
  work<Q extends QueueName>(queue: Q, handler: JobHandler<JobDataMap[Q]>, options?: WorkOptions): Promise<void>;
  /** Jobs waiting (created or waiting to retry), per queue. */
  depth(): Promise<Record<QueueName, number>>;
  /** Stops fetching; graceful waits (up to timeoutMs) for running jobs, otherwise they are aborted. */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** One job of the history, as `repwatch status` and the API show it. */
export interface JobRecord {
  id: string;
  queue: string;
  state: JobState;
  data: Record<string, unknown>;
  singletonKey: string | null;
  retryCount: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** The handler's result, or the error of a failed attempt ({ message, ... }). */
  output: unknown;
}
