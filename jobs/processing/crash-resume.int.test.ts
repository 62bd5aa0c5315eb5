import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '../../core/config/schema';
import { openDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/types';
import { createTestDatabase, dropTestSchema, testDialect } from '../../test/support/db';
import { repoRoot } from '../../test/support/fixtures';
import { processPendingReviews } from './process-reviews';
import { dumpDerived } from './testing/dump';
import { generateReviews, insertReviews, seedRoster } from './testing/fixtures';

/**
 * kill -9 in the middle of a run, then run again: the derived tables must equal
 * those of an uninterrupted run on a copy of the same data. The job runs in a
 * child process (tsx) against a real database: a schema of the test PostgreSQL,
 * or a PGlite data folder on disk.
 */
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const REVIEWS = 400;
const BATCH = 50;
const childScript = path.join(repoRoot, 'jobs/processing/testing/crash-child.ts');
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function seed(db: Kysely<Database>) {
  const seeded = await seedRoster(db);
  await insertReviews(db, seeded, generateReviews(REVIEWS, 11));
  // Edge cases and a quarantined review travel through the crash too.
  await insertReviews(db, seeded, [
    { target: 'north', rating: 7, text: 'off the scale' },
    { target: 'south', rating: 4, text: '<div>Dave <b>rocks</b></div>' },
  ]);
}

interface Target {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
}

/** A fresh, seeded database the child can reach, plus how to open it here. */
async function makeTarget(label: string): Promise<Target> {
  if (testDialect() === 'postgres') {
    const handle = await createTestDatabase(label);
    await seed(handle.db);
    await handle.close();
    cleanups.push(() => dropTestSchema(handle.schema!));
    const open = () => openDatabase({ url: handle.url!, schema: handle.schema!, poolSize: 2 });
    return { env: { REPWATCH_CRASH_DB_URL: handle.url!, REPWATCH_CRASH_SCHEMA: handle.schema! }, open };
  }
  const dir = mkdtempSync(path.join(tmpdir(), `repwatch-${label}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const handle = await openDatabase({ dataDir: dir });
  await migrateToLatest(handle);
  await seed(handle.db);
  await handle.close();
  return { env: { REPWATCH_CRASH_PGLITE_DIR: dir }, open: () => openDatabase({ dataDir: dir }) };
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child; with `killWhen`, sends SIGKILL from outside once stdout matches. */
function runChild(target: Target, extraEnv: Record<string, string>, killWhen?: RegExp): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` (not the tsx CLI, which forks): the process we kill is the one doing the work.
    const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
      cwd: repoRoot,
      env: { ...process.env, ...target.env, REPWATCH_CRASH_BATCH_SIZE: String(BATCH), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killWhen?.test(stdout) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function counts(db: Kysely<Database>) {
  const { rows } = await sql<{ processed: number; scores: number; quarantined: number }>`
    select (select count(*) from reviews) - (select count(*) from processing_queue) as processed,
      (select count(*) from review_scores) as scores,
      (select count(*) from processing_quarantine) as quarantined`.execute(db);
  return rows[0]!;
}

describe('processing survives kill -9', () => {
  it('equals an uninterrupted run after being killed inside a batch, from within and from outside', async () => {
    // Reference: the same data processed in one go.
    const reference = await makeTarget('crash_ref');
    const refHandle = await reference.open();
    const refResult = await processPendingReviews(refHandle.db, { settings: settingsSchema.parse({}), batchSize: BATCH });
    expect(refResult.processed).toBe(REVIEWS + 2);
    const expected = await dumpDerived(refHandle.db);
    await refHandle.close();

    const target = await makeTarget('crash_run');
    // 1. The job kills itself inside batch 3, after writing it, before committing it.
    const first = await runChild(target, { REPWATCH_CRASH_KILL_AT: '3' });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    let handle = await target.open();
    const afterFirst = await counts(handle.db);
    // Whole batches only: every processed review has its score (or its quarantine row), nothing else was left behind.
    expect(afterFirst.processed % BATCH === 0 || afterFirst.processed === REVIEWS + 2).toBe(true);
    expect(afterFirst.processed).toBeLessThan(REVIEWS + 2);
    expect(afterFirst.scores + afterFirst.quarantined).toBe(afterFirst.processed);
    await handle.close();

    // 2. Killed from outside while it sits inside batch 2 of the second run.
    const second = await runChild(target, { REPWATCH_CRASH_STALL_AT: '2' }, /stalled/);
    expect(second.signal, second.stderr).toBe('SIGKILL');
    handle = await target.open();
    const afterSecond = await counts(handle.db);
    expect(afterSecond.scores + afterSecond.quarantined).toBe(afterSecond.processed);
    expect(afterSecond.processed).toBeGreaterThanOrEqual(afterFirst.processed);
    await handle.close();

    // 3. An ordinary run finishes the work.
    const third = await runChild(target, {});
    expect(third.code, third.stderr).toBe(0);
    handle = await target.open();
    try {
      expect(await dumpDerived(handle.db)).toEqual(expected);
    } finally {
      await handle.close();
    }
  });
});
