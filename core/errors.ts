/**
 * One error type for everything a user can cause or see. The API's error
 * handler and the CLI both turn it into one clear sentence (and, for the API,
 * a stable JSON `code`), never a stack trace.
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'CONFIG_INVALID'
  | 'DATABASE_UNREACHABLE'
  | 'BROWSER_MISSING'
  | 'IMPORT_INVALID'
  | 'CRAWL_FAILED'
  | 'INTERNAL';

const httpStatus: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  CONFIG_INVALID: 500,
  DATABASE_UNREACHABLE: 503,
  BROWSER_MISSING: 500,
  IMPORT_INVALID: 400,
  CRAWL_FAILED: 502,
  INTERNAL: 500,
};

/** CLI exit codes: documented in docs/cli.md. */
const exitCode: Record<AppErrorCode, number> = {
  BAD_REQUEST: 2,
  VALIDATION_FAILED: 2,
  UNAUTHORIZED: 2,
  FORBIDDEN: 2,
  NOT_FOUND: 2,
  CONFLICT: 2,
  RATE_LIMITED: 2,
  CONFIG_INVALID: 3,
  DATABASE_UNREACHABLE: 4,
  BROWSER_MISSING: 5,
  IMPORT_INVALID: 6,
  CRAWL_FAILED: 7,
  INTERNAL: 1,
};

export interface AppErrorDetails {
  /** The offending parameter or config path, e.g. "query.from" or "locations[2].key". */
  param?: string;
  /** Extra machine-readable facts (e.g. the list of validation issues). */
  issues?: { path: string; message: string }[];
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }

  get exitCode(): number {
    return exitCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
