import { Log, Logger, LogLevel } from '@crawlee/core';
import type { Logger as Pino } from '../../core/logger';

/**
 * Crawlee logs through @apify/log to stdout; repwatch logs JSON through pino
 * to stderr. This bridge sends crawlee's warnings and errors to pino (as
 * debug/warn) and drops its chatter (statistics, "crawler started").
 */
class PinoBridge extends Logger {
  constructor(private readonly pino: Pino) {
    super({});
  }

  override _log(level: LogLevel, message: string, data?: Record<string, unknown>, exception?: unknown): void {
    const fields = { crawlee: true, ...(data ?? {}), ...(exception ? { err: String((exception as Error)?.message ?? exception) } : {}) };
    if (level <= LogLevel.ERROR) this.pino.warn(fields, message);
    else if (level === LogLevel.WARNING) this.pino.debug(fields, message);
    else this.pino.trace(fields, message);
  }
}

export function crawleeLog(pino: Pino): Log {
  return new Log({ level: LogLevel.WARNING, logger: new PinoBridge(pino) });
}
