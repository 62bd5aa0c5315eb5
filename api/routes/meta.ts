import { createRoute, z } from '@hono/zod-openapi';
import { handle, newRouter } from '../router';

/** /openapi.json and /docs: public, built once from the routes' own schemas. */
const openapiRoute = createRoute({
  method: 'get', path: '/openapi.json', tags: ['meta'], summary: 'This API as an OpenAPI 3.1 document',
  responses: { 200: { description: 'OpenAPI document', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
});
const docsRoute = createRoute({
  method: 'get', path: '/docs', tags: ['meta'], summary: 'Readable documentation (HTML, works offline)',
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});

export function metaRoutes(document: () => object, render: (doc: Record<string, unknown>) => string) {
  const app = newRouter();
  let html: string | undefined;
  handle(app, openapiRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(document());
  });
  handle(app, docsRoute, (c) => {
    html ??= render(document() as Record<string, unknown>);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(html);
  });
  return app;
}
