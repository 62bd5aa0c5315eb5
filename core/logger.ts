import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (pino). Child loggers carry the ids that matter
 * (target, run, job) so a line can be traced back to its crawl.
 */
export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'repwatch' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

let root: Logger | undefined;
export function logger(): Logger {
  root ??= createLogger();
  return root;
}

/** For tests and quiet CLI commands. */
export const silentLogger: Logger = pino({ level: 'silent' });
