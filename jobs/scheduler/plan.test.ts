import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../core/config/schema';
import { cronGranularity, normaliseCronKey, slotKey } from './coordinator';
import { diffPlans, planTasks, type TaskPlan } from './plan';

const schedules = settingsSchema.parse({}).schedules;

describe('schedule plan', () => {
  it('groups targets by their schedule and adds the built-in tasks', () => {
    const { tasks, invalid } = planTasks(
      [
        { id: 3, schedule: null, enabled: true },
        { id: 1, schedule: '0 * * * *', enabled: true },
        { id: 2, schedule: null, enabled: true },
        { id: 4, schedule: null, enabled: false },
        { id: 5, schedule: 'every tuesday', enabled: true },
      ],
      schedules,
    );
    expect(invalid).toEqual([{ id: 5, schedule: 'every tuesday' }]);
    expect(tasks.map((t) => [t.name, t.targetIds])).toEqual([
      ['crawl@0 * * * *', [1]],
      ['crawl@0 */6 * * *', [2, 3, 5]],
      ['full-sweep', [1, 2, 3, 5]],
      ['rollups', []],
      ['alerts', []],
      ['digest', []],
    ]);
    expect(tasks.find((t) => t.name === 'full-sweep')!.cron).toBe(schedules.fullSweep);
  });

  it('swaps only what changed on reload', () => {
    const before = new Map<string, TaskPlan>(
      planTasks([{ id: 1, schedule: null, enabled: true }, { id: 2, schedule: '0 * * * *', enabled: true }], schedules).tasks.map((t) => [t.name, t]),
    );
    const next = planTasks(
      [
        { id: 1, schedule: null, enabled: true },
        { id: 2, schedule: null, enabled: true },
        { id: 6, schedule: '*/5 * * * * *', enabled: true },
      ],
      schedules,
    ).tasks;
    const diff = diffPlans(before, next);
    expect(diff.stop).toEqual(['crawl@0 * * * *']);
    expect(diff.start.map((t) => t.name)).toEqual(['crawl@*/5 * * * * *']);
    expect(diff.update.map((t) => t.name)).toEqual(['crawl@0 */6 * * *', 'full-sweep']);
  });
});

describe('slot keys', () => {
  it('are the task name and the fire time, to the minute for five-field crons and to the second for six', () => {
    expect(cronGranularity('0 */6 * * *')).toBe('minute');
    expect(cronGranularity('*/5 * * * * *')).toBe('second');
    const late = new Date('2026-11-22T03:00:00.400Z');
    expect(slotKey('alerts', late, 'minute')).toBe('alerts|2026-11-22T03:00:00.000Z');
    expect(slotKey('crawl@*/5 * * * * *', new Date('2026-11-22T03:00:04.900Z'), 'second')).toBe('crawl@*/5 * * * * *|2026-11-22T03:00:05.000Z');
    // node-cron's own key, with colons in the time and in the name.
    expect(normaliseCronKey('crawl@0 */6 * * *:2026-11-22T06:00:00.000Z', 'minute')).toBe('crawl@0 */6 * * *|2026-11-22T06:00:00.000Z');
  });
});
