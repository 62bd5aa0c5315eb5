import { validate } from 'node-cron';
import type { Settings } from '../../core/config/schema';

/**
 * Which cron tasks a scheduler runs, as a pure function of the targets and
 * the settings: one crawl task per distinct crawl schedule (targets sharing a
 * cron share a task, so a thousand targets are not a thousand timers), the
 * full sweep of every enabled target, rollups (with a processing catch-up),
 * alert evaluation and the weekly digest. The scheduler re-plans whenever it
 * reloads the targets and swaps only the tasks that changed.
 */
export type TaskKind = 'crawl' | 'full-sweep' | 'rollups' | 'alerts' | 'digest';

export interface TaskPlan {
  /** Stable name: part of every slot key. */
  name: string;
  kind: TaskKind;
  cron: string;
  /** crawl and full-sweep: the targets this task enqueues, ascending. */
  targetIds: number[];
}

export interface PlannedTarget {
  id: number;
  schedule: string | null;
  enabled: boolean;
}

export interface PlanResult {
  tasks: TaskPlan[];
  /** Targets whose own schedule is not a valid cron; they fall back to the default. */
  invalid: { id: number; schedule: string }[];
}

export function planTasks(targets: readonly PlannedTarget[], schedules: Settings['schedules']): PlanResult {
  const byCron = new Map<string, number[]>();
  const invalid: PlanResult['invalid'] = [];
  const enabled = targets.filter((t) => t.enabled).sort((a, b) => a.id - b.id);
  for (const t of enabled) {
    let cron = t.schedule?.trim() || schedules.crawl;
    if (!validate(cron)) {
      invalid.push({ id: t.id, schedule: cron });
      cron = schedules.crawl;
    }
    byCron.set(cron, [...(byCron.get(cron) ?? []), t.id]);
  }
  const tasks: TaskPlan[] = [...byCron].map(([cron, ids]) => ({ name: `crawl@${cron}`, kind: 'crawl', cron, targetIds: ids }));
  tasks.push({ name: 'full-sweep', kind: 'full-sweep', cron: schedules.fullSweep, targetIds: enabled.map((t) => t.id) });
  tasks.push({ name: 'rollups', kind: 'rollups', cron: schedules.rollups, targetIds: [] });
  tasks.push({ name: 'alerts', kind: 'alerts', cron: schedules.alerts, targetIds: [] });
  tasks.push({ name: 'digest', kind: 'digest', cron: schedules.digest, targetIds: [] });
  return { tasks, invalid };
}

export interface PlanDiff {
  /** Tasks to create (new names, or a name whose cron changed). */
  start: TaskPlan[];
  /** Names of tasks to destroy. */
  stop: string[];
  /** Tasks that keep running with new target lists. */
  update: TaskPlan[];
}

export function diffPlans(current: ReadonlyMap<string, TaskPlan>, next: readonly TaskPlan[]): PlanDiff {
  const diff: PlanDiff = { start: [], stop: [], update: [] };
  const names = new Set(next.map((t) => t.name));
  for (const name of current.keys()) if (!names.has(name)) diff.stop.push(name);
  for (const t of next) {
    const old = current.get(t.name);
    if (!old) diff.start.push(t);
    else if (old.cron !== t.cron) {
      diff.stop.push(t.name);
      diff.start.push(t);
    } else if (old.targetIds.join(',') !== t.targetIds.join(',')) diff.update.push(t);
  }
  return diff;
}
