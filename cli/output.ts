/**
 * Terminal output: progress on one rewritten line when stderr is a TTY, plain
 * lines otherwise (logs, CI), and tables for `status`.
 */
export function progress(label: string): { update(text: string): void; done(text?: string): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(text: string) {
      if (tty) process.stderr.write(`\r\x1b[K${label}: ${text}`);
      else if (Date.now() - last > 2000) {
        // Plain mode: at most one line every two seconds, so logs stay readable.
        process.stderr.write(`${label}: ${text}\n`);
        last = Date.now();
      }
    },
    done(text?: string) {
      if (tty) process.stderr.write(`\r\x1b[K`);
      if (text) process.stderr.write(`${label}: ${text}\n`);
    },
  };
}

export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : String(v));
  const widths = cols.map((c) => Math.min(48, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) => values.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
