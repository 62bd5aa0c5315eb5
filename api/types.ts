import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { ApiKeyScope, Role } from '../db/types';

/** The caller, as established by the auth middleware from an API key. */
export interface Principal {
  keyId: number;
  name: string;
  role: Role;
  scope: ApiKeyScope;
}

export interface ApiVariables {
  principal: Principal;
}

export type ApiEnv = { Variables: ApiVariables };

/** The typed Hono context a route's handler receives (validated params, query, body). */
export type RouteContext<R extends RouteConfig> = Parameters<RouteHandler<R, ApiEnv>>[0];
