import type { RequestHandler, Router } from 'express';
import { requireScopes } from '../auth/scopes.ts';
import { jsonBody } from '../http/json-body.ts';
import { allowOnly } from '../http/method-not-allowed.ts';
import { honourIdempotencyKey } from '../idempotency/honour-idempotency-key.ts';
import type { OpenApiDocument } from '../openapi/build-document.ts';
import { operationScopes } from '../openapi/operation-scopes.ts';
import { validateBody, validateQuery } from '../validation/validate-request.ts';
import { bodyValidator, queryValidator } from '../validation/validators.ts';
import type { RouteDefinition } from './route-table.ts';
import { runOperation } from './run-operation.ts';

// The scope is checked before the body is read, so a client without it learns nothing from
// validation errors and the gateway parses no body it will refuse anyway. The idempotency claim
// comes after validation, so an invalid body never holds a key.
function pipelineFor(prefix: string, route: RouteDefinition, scopes: readonly string[]): RequestHandler[] {
  const label: RequestHandler = (_req, res, next) => {
    res.locals.route = `${prefix}${route.path}`;
    next();
  };
  const steps: RequestHandler[] = [label, requireScopes(scopes)];
  if (route.requestSchema) steps.push(...jsonBody({ optional: route.requestBodyOptional ?? false }), validateBody(bodyValidator(route.requestSchema)));
  if (route.method === 'post') steps.push(honourIdempotencyKey(route.operationId));
  if (route.querySchema) steps.push(validateQuery(queryValidator(route.querySchema)));
  steps.push(runOperation(prefix.slice(1), route));
  return steps;
}

// Mounts every operation of a version on the router with the scopes its document declares, then
// rejects a known path called with another method with 405 and an Allow header.
export function mountOperations(router: Router, prefix: string, routes: readonly RouteDefinition[], document: OpenApiDocument): void {
  const scopes = operationScopes(document);
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const required = scopes.get(route.operationId);
    if (!required) throw new Error(`Operation ${route.operationId} is missing from the ${prefix} OpenAPI document; build the document from the same route table.`);
    router[route.method](route.path, ...pipelineFor(prefix, route, required));

    const methods = methodsByPath.get(route.path) ?? [];
    methods.push(...(route.method === 'get' ? ['GET', 'HEAD'] : [route.method.toUpperCase()]));
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) router.all(path, allowOnly(methods));
}
