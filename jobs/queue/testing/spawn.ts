import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntrySpec } from './entry';

/**
 * Starts entry.ts in its own Node process (tsx loaded with --import) and
 * keeps its JSON log lines, so a test can wait for "ready" or for a job to
 * start on that process before killing it.
 */
const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'entry.ts');

export interface LogLine {
  msg?: string;
  queue?: string;
  job?: string;
  target?: number;
  event?: string;
  [k: string]: unknown;
}

export interface JobProcess {
  readonly child: ChildProcess;
  readonly role: EntrySpec['role'];
  readonly lines: LogLine[];
  /** Raw stderr lines that were not JSON (stack traces of a crash). */
  readonly other: string[];
  readonly exited: Promise<number | null>;
  waitFor(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function spawnJobProcess(spec: EntrySpec): JobProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(spec)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: spec.logLevel ?? 'info' },
  });
  const lines: LogLine[] = [];
  const other: string[] = [];
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buffer = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const raw = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        other.push(raw);
        continue;
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    role: spec.role,
    lines,
    other,
    exited,
    waitFor(pred, timeoutMs = 60_000) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${spec.role} ${child.pid}: no matching log line within ${timeoutMs} ms. Last lines: ${JSON.stringify(lines.slice(-5))} ${other.slice(-5).join('\n')}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
  };
}
