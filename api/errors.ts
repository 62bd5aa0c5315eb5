import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, isAppError, type AppErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';

/**
 * The API's one error shape: `{ error: { code, message, param?, issues? } }`.
 * Everything thrown anywhere ends here; unknown errors are logged with their
 * stack and answered with a generic 500 so no internals leak to the caller.
 */
export type ApiErrorCode = AppErrorCode | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; param?: string; issues?: { param: string; message: string }[] };
}

const targetLabel: Record<string, string> = { query: 'query', param: 'path', json: 'body', form: 'body', header: 'header', cookie: 'cookie' };

/** Turns a failed zod validation of one request part into a 400 VALIDATION_FAILED naming the parameter. */
export function validationError(target: string, error: ZodError): AppError {
  const where = targetLabel[target] ?? target;
  const issues = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: where, message: 'is invalid' };
  const name = first.path.slice(where.length + 1) || where;
  return new AppError('VALIDATION_FAILED', `Invalid ${where} parameter "${name}": ${first.message}.`, { param: first.path, issues });
}

/** defaultHook for OpenAPIHono: throw so the single error handler formats it. */
export function validationHook(result: { target: string; success: boolean; error?: ZodError }): void {
  if (!result.success && result.error) throw validationError(result.target, result.error);
}

function send(c: Context, status: number, body: ApiErrorBody, headers: Record<string, string> = {}): Response {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  c.header('Cache-Control', 'no-store');
  return c.json(body, status as 400);
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (isAppError(err)) {
      const { param, issues, retryAfterSeconds } = err.details;
      const headers: Record<string, string> = {};
      if (err.code === 'RATE_LIMITED' && typeof retryAfterSeconds === 'number') headers['Retry-After'] = String(retryAfterSeconds);
      if (err.code === 'UNAUTHORIZED') headers['WWW-Authenticate'] = 'Bearer realm="repwatch"';
      if (err.httpStatus >= 500) logger.error({ err, path: c.req.path }, 'API request failed');
      return send(c, err.httpStatus, {
        error: {
          code: err.code,
          message: err.message,
          ...(param ? { param } : {}),
          ...(Array.isArray(issues) && issues.length > 1 ? { issues: issues.map((i) => ({ param: i.path, message: i.message })) } : {}),
        },
      }, headers);
    }
    if (err instanceof HTTPException) {
      // Raised by Hono itself: malformed JSON, body too large, wrong content type.
      const status = err.status;
      const code: ApiErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
      const message = status === 413 ? 'The request body is too large.' : err.message || 'Bad request.';
      return send(c, status, { error: { code, message, ...(status === 400 ? { param: 'body' } : {}) } });
    }
    // The connection pool stayed exhausted for its whole timeout: the database is overloaded, not broken.
    if (err instanceof Error && /timeout exceeded when trying to connect/i.test(err.message)) {
      logger.warn({ path: c.req.path }, 'database pool exhausted');
      return send(c, 503, { error: { code: 'DATABASE_UNREACHABLE', message: 'The database is busy; retry shortly.' } }, { 'Retry-After': '2' });
    }
    logger.error({ err, path: c.req.path, method: c.req.method }, 'unexpected API error');
    return send(c, 500, { error: { code: 'INTERNAL', message: 'Internal error. It has been logged; please report it if it persists.' } });
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  send(c, 404, { error: { code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}. See /docs for the list.` } });
