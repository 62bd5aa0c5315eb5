import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { validationHook } from './errors';
import type { ApiEnv, RouteContext } from './types';

/**
 * Every resource file builds its routes on one of these: validation failures
 * become VALIDATION_FAILED through the shared hook, so no route formats errors
 * itself.
 */
export type Router = OpenAPIHono<ApiEnv>;

export function newRouter(): Router {
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });
}

/**
 * Registers a route with a handler that returns a plain Response. The zod
 * schemas still validate the input and document the output; handlers may
 * answer JSON or CSV from the same route, which the strict typed-response
 * inference of app.openapi cannot express.
 */
export function handle<R extends RouteConfig>(app: Router, route: R, handler: (c: RouteContext<R>) => Promise<Response> | Response): void {
  app.openapi(route, handler as never);
}
