import { writeFileSync } from 'node:fs';

/**
 * What every benchmark script shares on its command line: --quick, --out
 * <file> (bench/run.ts collects results through files, so nothing a library
 * prints to stdout can corrupt them) and named options.
 */
export const argv = process.argv.slice(2);
export const quick = argv.includes('--quick');

/** `--name value` or `--name=value`. */
export function option(name: string): string | undefined {
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function numberList(name: string, fallback: number[]): number[] {
  const v = option(name);
  return v ? v.split(',').map(Number) : fallback;
}

export function logTo(prefix: string): (msg: string) => void {
  return (msg) => process.stderr.write(`[bench/${prefix}] ${msg}\n`);
}

/** Writes the result to --out when given, else prints it. */
export function emit(result: unknown): void {
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const out = option('out');
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await f();
  return [out, performance.now() - t];
}
