import type { MiddlewareHandler } from 'hono';

/**
 * Cache-Control for API reads: short and private (answers depend on the key),
 * revalidated with the ETag that bodyEtag (http/body.ts) adds inside this one.
 * Registered outside etag so that 304 answers carry the header too.
 */
export function cacheControl(maxAgeSeconds: number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    if ((c.res.status === 200 || c.res.status === 304) && !c.res.headers.has('Cache-Control'))
      c.res.headers.set('Cache-Control', `private, max-age=${maxAgeSeconds}, must-revalidate`);
    c.res.headers.set('Vary', 'Authorization, X-Api-Key, Accept-Encoding');
  };
}
