import { hostname } from 'node:os';
import { createTask, type ScheduledTask, type TaskContext } from 'node-cron';
import type { AppContext } from '../../core/context';
import type { Logger } from '../../core/logger';
import { jobIdFor } from '../queue/definitions';
import { openJobQueue, type JobQueueOptions } from '../queue/open';
import type { JobQueue } from '../queue/types';
import { cronGranularity, pruneSlots, slotKey, SlotCoordinator } from './coordinator';
import { diffPlans, planTasks, type TaskPlan } from './plan';

/**
 * The scheduler: node-cron fires each planned task, its distributed mode asks
 * the slot coordinator whether this instance owns the slot, and the owner
 * turns the slot into jobs. Scheduled jobs get ids derived from their slot,
 * so even an enqueue repeated after a crash inserts each job once. Targets
 * are re-read every reloadIntervalMs (default one minute): a target added,
 * disabled or given its own schedule is picked up without a restart.
 */
export interface SchedulerOptions extends JobQueueOptions {
  /** A queue to send to (startAll shares one); otherwise one is opened and closed with the scheduler. */
  queue?: JobQueue;
  /** Name in schedule_slots.claimed_by (default host:pid). */
  instanceId?: string;
  reloadIntervalMs?: number;
  /** How late (event loop busy) a fire may still run (default 10 s). */
  missedToleranceMs?: number;
  /** IANA zone of the cron expressions (default: the process's). */
  timezone?: string;
}

export interface RunningScheduler {
  readonly instanceId: string;
  readonly queue: JobQueue;
  tasks(): TaskPlan[];
  /** Slots this instance claimed. */
  claimed(): string[];
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScheduler(ctx: AppContext, opts: SchedulerOptions = {}): Promise<RunningScheduler> {
  const instanceId = opts.instanceId ?? `${hostname()}:${process.pid}`;
  const logger = ctx.logger.child({ component: 'scheduler', instance: instanceId });
  const ownQueue = !opts.queue;
  const queue = opts.queue ?? (await openJobQueue(ctx, opts));
  const plans = new Map<string, TaskPlan>();
  const tasks = new Map<string, { task: ScheduledTask; coordinator: SlotCoordinator }>();
  const firing = new Set<Promise<void>>();
  let lastPrune = 0;
  let stopped = false;

  const fire = async (name: string, at: Date) => {
    const plan = plans.get(name);
    if (!plan || stopped) return;
    const slot = slotKey(name, at, cronGranularity(plan.cron));
    const log = logger.child({ task: name, slot });
    let sent = 0;
    const send = async (...args: Parameters<JobQueue['send']>) => {
      if ((await queue.send(...args)) !== null) sent++;
    };
    switch (plan.kind) {
      case 'crawl':
      case 'full-sweep':
        for (const targetId of plan.targetIds) {
          const mode = plan.kind === 'crawl' ? 'auto' : 'full';
          await send('crawl', { targetId, mode, slot }, { id: jobIdFor(`crawl|${targetId}|${slot}`), singletonKey: `target:${targetId}` });
        }
        break;
      case 'rollups':
        // Catch-up first: reviews stored by a crawl whose processing job was lost still get processed.
        await send('process', {});
        await send('rollups', { slot });
        break;
      case 'alerts':
        await send('alerts', { slot });
        break;
      case 'digest':
        await send('digest', { slot, days: 7 }, { id: jobIdFor(`digest|${slot}`) });
        break;
    }
    log.info({ sent }, 'schedule slot fired');
  };

  const startTask = (plan: TaskPlan) => {
    const coordinator = new SlotCoordinator(ctx.db, instanceId, cronGranularity(plan.cron));
    const task = createTask(
      plan.cron,
      (c: TaskContext) => {
        const p = fire(plan.name, c.date).catch((error: unknown) => logger.error({ task: plan.name, err: (error as Error).message }, 'schedule slot could not be enqueued'));
        firing.add(p);
        return p.finally(() => firing.delete(p));
      },
      {
        name: plan.name,
        distributed: true,
        runCoordinator: coordinator,
        missedExecutionTolerance: opts.missedToleranceMs ?? 10_000,
        timezone: opts.timezone,
        logger: cronLogger(logger),
      },
    );
    task.start();
    tasks.set(plan.name, { task, coordinator });
  };

  const reload = async () => {
    const targets = await ctx.db.selectFrom('targets').select(['id', 'schedule', 'enabled']).execute();
    const { tasks: next, invalid } = planTasks(targets, ctx.settings.schedules);
    for (const bad of invalid) logger.warn({ target: bad.id, schedule: bad.schedule }, 'target schedule is not a valid cron; using the default');
    const diff = diffPlans(plans, next);
    for (const name of diff.stop) {
      await tasks.get(name)?.task.destroy();
      tasks.delete(name);
      plans.delete(name);
    }
    for (const plan of [...diff.update, ...diff.start]) plans.set(plan.name, plan);
    if (!stopped) for (const plan of diff.start) startTask(plan);
    if (diff.start.length || diff.stop.length || diff.update.length)
      logger.info({ started: diff.start.map((t) => t.name), stopped: diff.stop, updated: diff.update.map((t) => t.name) }, 'schedules loaded');
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      await pruneSlots(ctx.db).catch(() => {});
    }
  };

  await reload();
  const timer = setInterval(() => {
    reload().catch((error: unknown) => logger.error({ err: (error as Error).message }, 'could not reload schedules'));
  }, opts.reloadIntervalMs ?? 60_000);
  timer.unref?.();
  logger.info({ tasks: [...plans.keys()] }, 'scheduler started');

  return {
    instanceId,
    queue,
    tasks: () => [...plans.values()],
    claimed: () => [...tasks.values()].flatMap((t) => t.coordinator.claimed),
    reload,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
      // A slot being turned into jobs finishes: the slot is claimed, its jobs must exist.
      await Promise.allSettled([...firing]);
      if (ownQueue) await queue.stop();
      logger.info('scheduler stopped');
    },
  };
}

function cronLogger(logger: Logger) {
  return {
    info: (m: string) => logger.debug(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string | Error, e?: Error) => logger.error({ err: (e ?? m) instanceof Error ? ((e ?? m) as Error).message : String(m) }, 'node-cron'),
    debug: (m: string | Error) => logger.trace(String(m)),
  };
}
