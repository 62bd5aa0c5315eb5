import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs a TypeScript bench script in a fresh Node process (tsx loaded with
 * --import, as jobs/queue/testing/spawn.ts does) and returns the JSON it wrote
 * to --out. A fresh process per measurement keeps one benchmark's heap and JIT
 * state out of the next one's figures (peak RSS above all).
 */
export async function runTsScript<T>(script: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-bench-'));
  const out = path.join(dir, 'result.json');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--out', out], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...opts.env },
    });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : null;
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c, signal) => resolve(signal ? -1 : c));
    });
    if (timer) clearTimeout(timer);
    if (code !== 0) throw new Error(`${path.basename(script)} ${args.join(' ')} exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
