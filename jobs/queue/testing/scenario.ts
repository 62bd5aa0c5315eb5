import { sql, type Kysely } from 'kysely';
import { parseConfig } from '../../../core/config/load';
import type { RepwatchConfig } from '../../../core/config/schema';
import { demoConfigObject } from '../../../demo/config';
import { siteView } from '../../../demo/site/view';
import type { DemoWorld } from '../../../demo/world/types';
import type { Database } from '../../../db/types';
import { ORPHAN_MESSAGE } from '../../handlers/target-lock';
import { jobIdFor } from '../definitions';

/**
 * Shared by the single-process and multi-process job tests: the demo world's
 * config with compressed schedules, and the checks that every crawl slot ran
 * once and every review arrived once.
 */
export const NEVER = '0 0 1 1 *';

export function scenarioConfig(siteUrl: string, world: DemoWorld, schedules: Partial<RepwatchConfig['settings']['schedules']>): Readonly<RepwatchConfig> {
  const raw = demoConfigObject(siteUrl, world) as {
    locations: { targets: { options?: { browser?: boolean } }[] }[];
    settings: Record<string, unknown>;
  };
  // No browser in these tests: the map listing needs Chromium.
  for (const l of raw.locations) l.targets = l.targets.filter((t) => !t.options?.browser);
  raw.settings.schedules = { crawl: '*/5 * * * * *', fullSweep: NEVER, rollups: NEVER, alerts: NEVER, digest: NEVER, ...schedules };
  return parseConfig(raw, 'job test config');
}

/** Ids of the distinct reviews the site shows in a phase: the company listing, and dealer pages (salesperson pages repeat those). */
export function siteReviewIds(world: DemoWorld, phase: number): Set<string> {
  const v = siteView(world, phase);
  const ids = new Set<string>();
  for (const r of v.company.reviews) ids.add(`company:${r.id}`);
  for (const l of [...v.dealer.values(), ...v.byPerson.values()]) for (const r of l.reviews) ids.add(`dealer:${r.id}`);
  return ids;
}

export function expectedReviews(world: DemoWorld, phase: number): number {
  return siteReviewIds(world, phase).size;
}

export interface SlotReport {
  /** Crawl slots claimed in schedule_slots. */
  slots: string[];
  /**
   * slot → target id → its finished crawl runs (each must be exactly 1, whatever the outcome: a profile
   * the site cannot serve fails every time, and that is still one crawl).
   */
  runs: Map<string, Map<number, number>>;
  /** Runs closed because the worker running them died. */
  orphans: { job_id: string | null; target_id: number }[];
  /** Runs of jobs that belong to no slot (manual crawls). */
  unscheduled: number;
}

export async function slotReport(db: Kysely<Database>): Promise<SlotReport> {
  const slots = (await db.selectFrom('schedule_slots').select('slot_key').where('slot_key', 'like', 'crawl@%').orderBy('slot_key').execute()).map((r) => r.slot_key);
  const targets = (await db.selectFrom('targets').select('id').where('enabled', '=', true).execute()).map((r) => r.id);
  const runs = await db.selectFrom('crawl_runs').select(['id', 'job_id', 'status', 'error_message', 'target_id']).execute();
  const isOrphan = (r: { status: string; error_message: string | null }) => r.status === 'failed' && (r.error_message ?? '').startsWith(ORPHAN_MESSAGE);
  const perSlot = new Map<string, Map<number, number>>();
  const expected = new Set<string>();
  for (const slot of slots) {
    const perTarget = new Map<number, number>();
    for (const id of targets) {
      const jobId = jobIdFor(`crawl|${id}|${slot}`);
      expected.add(jobId);
      perTarget.set(id, runs.filter((r) => r.job_id === jobId && r.status !== 'running' && !isOrphan(r)).length);
    }
    perSlot.set(slot, perTarget);
  }
  return {
    slots,
    runs: perSlot,
    orphans: runs.filter(isOrphan).map(({ job_id, target_id }) => ({ job_id, target_id })),
    unscheduled: runs.filter((r) => r.job_id !== null && !expected.has(r.job_id)).length,
  };
}

export async function reviewCounts(db: Kysely<Database>) {
  const row = await db
    .selectFrom('reviews')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`count(distinct (source_id, external_id))`.as('distinct'),
      sql<number>`count(*) filter (where removed_at is null)`.as('live'),
      sql<number>`(select count(*) from processing_queue)`.as('unprocessed'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct), live: Number(row.live), unprocessed: Number(row.unprocessed) };
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
