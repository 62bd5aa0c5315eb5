import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors';

/**
 * PostgreSQL text cannot hold a NUL character: a query parameter or JSON
 * string containing one would fail deep in the driver as a 500. Refuse it up
 * front as a 400 naming where it was.
 */
const NUL = String.fromCharCode(0);

export function rejectNul(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    for (const [name, value] of url.searchParams) {
      if (value.includes(NUL) || name.includes(NUL)) {
        const clean = name.split(NUL).join('');
        throw new AppError('VALIDATION_FAILED', `Invalid query parameter "${clean}": must not contain NUL characters.`, { param: `query.${clean}` });
      }
    }
    if (c.req.path.includes(NUL) || c.req.path.includes('%00'))
      throw new AppError('VALIDATION_FAILED', 'The path must not contain NUL characters.', { param: 'path' });
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && (type.includes('json') || type.includes('csv'))) {
      // Hono caches the body, so the route can still read it after this.
      const text = await c.req.text();
      if (text.includes(NUL) || (type.includes('json') && /\\u0000/i.test(text)))
        throw new AppError('VALIDATION_FAILED', 'The request body must not contain NUL characters.', { param: 'body' });
    }
    await next();
  };
}
