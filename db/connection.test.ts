import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../core/errors';
import { openDatabase } from './connection';

/** The embedded database's folder lock and its care for the exit code (PGlite only; no server needed). */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'repwatch-conn-'));
  dirs.push(d);
  return path.join(d, 'data');
}

describe('openDatabase on PGlite', { timeout: 60_000 }, () => {
  it('keeps a second opener of the same folder out with one clear sentence, and lets it in after close', async () => {
    const dir = dataDir();
    const first = await openDatabase({ dataDir: dir });
    expect(readFileSync(path.join(dir, 'repwatch.lock'), 'utf8')).toBe(String(process.pid));
    const second = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
    expect(isAppError(second) && second.code).toBe('DATABASE_UNREACHABLE');
    expect((second as Error).message).toBe(
      `The embedded database in ${dir} is in use by repwatch process ${process.pid} (this one): stop it first, or use its API and dashboard while it runs (several processes need PostgreSQL: set DATABASE_URL).`,
    );
    await first.close();
    expect(existsSync(path.join(dir, 'repwatch.lock'))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dir, 'repwatch.lock'), gone.stdout);
    const handle = await openDatabase({ dataDir: dir });
    expect(readFileSync(path.join(dir, 'repwatch.lock'), 'utf8')).toBe(String(process.pid));
    await handle.close();
  });

  it('leaves process.exitCode as a command set it (PGlite resets it when closing)', async () => {
    const handle = await openDatabase({ dataDir: dataDir() });
    const before = process.exitCode;
    try {
      process.exitCode = 7;
      await handle.close();
      expect(process.exitCode).toBe(7);
    } finally {
      process.exitCode = before;
    }
  });
});
