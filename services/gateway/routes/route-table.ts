import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { SchemaObject } from 'ajv';
import type { Logger } from 'pino';
import { config } from '../../core/config.ts';
import { Problem } from '../../core/problem.ts';
import { requireScope, type Scope } from '../auth/scopes.ts';
import { allowOnly } from '../http/method-not-allowed.ts';
import { principalOf, requestIdOf, requestLogOf, type Principal } from '../http/request-context.ts';
import { traceparentOf } from '../http/traceparent.ts';
import { bodyValidator, queryValidator, type Validator } from '../validation/validators.ts';

// An API version is a table of operations. Each row declares its method, path, required scope and
// schemas as data, so the same table mounts the Express routes here and can describe the API in
// an OpenAPI document.

export type HttpMethod = 'get' | 'post';

export interface ApiRequest {
  principal: Principal;
  requestId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  traceparent: string | undefined;
  log: Logger;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  location?: string;
}

export interface RouteDefinition {
  operationId: string;
  summary: string;
  method: HttpMethod;
  // Express path syntax, relative to the version prefix: "/customers/:id".
  path: string;
  scope: Scope;
  requestSchema?: SchemaObject;
  querySchema?: SchemaObject;
  handler: (request: ApiRequest) => Promise<ApiResponse>;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

function requireJsonContent(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(JSON_TYPES)) {
    throw new Problem(415, 'unsupported-media-type', 'This operation takes a JSON body: send it with Content-Type: application/json.');
  }
  next();
}

function validateBody(validator: Validator): RequestHandler {
  return (req, _res, next) => {
    const problem = validator(req.body);
    if (problem) throw problem;
    next();
  };
}

// Validates a copy of the query, because coercion rewrites values and Express 5 makes req.query read-only.
function validateQuery(validator: Validator): RequestHandler {
  return (req, res, next) => {
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    const problem = validator(query);
    if (problem) throw problem;
    res.locals.query = query;
    next();
  };
}

function runHandler(route: RouteDefinition): RequestHandler {
  return async (req, res) => {
    const result = await route.handler({
      principal: principalOf(res),
      requestId: requestIdOf(res),
      params: req.params as Record<string, string>,
      query: (res.locals.query as Record<string, unknown> | undefined) ?? {},
      body: req.body,
      traceparent: traceparentOf(req),
      log: requestLogOf(res).child({ operationId: route.operationId }),
    });
    if (result.location) res.location(result.location);
    res.status(result.status).json(result.body);
  };
}

// The scope is checked before the body is read, so a client without it learns nothing from
// validation errors and the gateway parses no body it will refuse anyway.
function pipelineFor(prefix: string, route: RouteDefinition): RequestHandler[] {
  const label: RequestHandler = (_req, res, next) => {
    res.locals.route = `${prefix}${route.path}`;
    next();
  };
  const steps: RequestHandler[] = [label, requireScope(route.scope)];
  if (route.requestSchema) {
    steps.push(requireJsonContent, express.json({ limit: config().gateway.maxBodyBytes, type: JSON_TYPES, strict: true }), validateBody(bodyValidator(route.requestSchema)));
  }
  if (route.querySchema) steps.push(validateQuery(queryValidator(route.querySchema)));
  steps.push(runHandler(route));
  return steps;
}

// Mounts every operation of a table on the router, then rejects with 405 and an Allow header for a
// known path called with another method.
export function mountRoutes(router: Router, prefix: string, routes: readonly RouteDefinition[]): void {
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    router[route.method](route.path, ...pipelineFor(prefix, route));
    const methods = methodsByPath.get(route.path) ?? [];
    methods.push(...(route.method === 'get' ? ['GET', 'HEAD'] : [route.method.toUpperCase()]));
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) router.all(path, allowOnly(methods));
}
