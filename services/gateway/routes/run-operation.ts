import type { RequestHandler, Response } from 'express';
import { problems } from '../../core/problem.ts';
import { forgetClaim, rememberResponse } from '../idempotency/honour-idempotency-key.ts';
import { principalOf, requestIdOf, requestLogOf } from '../http/request-context.ts';
import { traceparentOf } from '../http/traceparent.ts';
import { responseValidator } from '../validation/validators.ts';
import type { ApiResponse, RouteDefinition } from './route-table.ts';

// Checks a handler's response against the schema the document publishes. A mismatch is the
// gateway's bug, so the client gets a 500 and the log gets the schema errors.
function checkResponse(route: RouteDefinition): (res: Response, result: ApiResponse) => string {
  const validate = route.responseSchema ? responseValidator(route.responseSchema) : undefined;
  return (res, result) => {
    const serialized = JSON.stringify(result.body);
    const errors = validate?.(JSON.parse(serialized));
    if (errors) {
      requestLogOf(res).error({ operationId: route.operationId, schemaErrors: errors }, 'response does not match the published schema');
      throw problems.internal();
    }
    return serialized;
  };
}

export function runOperation(apiVersion: string, route: RouteDefinition): RequestHandler {
  const check = checkResponse(route);
  return async (req, res) => {
    let result: ApiResponse;
    let serialized: string;
    try {
      result = await route.handler({
        apiVersion,
        principal: principalOf(res),
        requestId: requestIdOf(res),
        params: req.params as Record<string, string>,
        query: (res.locals.query as Record<string, unknown> | undefined) ?? {},
        body: req.body,
        traceparent: traceparentOf(req),
        log: requestLogOf(res).child({ operationId: route.operationId }),
      });
      serialized = check(res, result);
    } catch (error) {
      await forgetClaim(res);
      throw error;
    }

    await rememberResponse(res, { status: result.status, body: result.body === undefined ? null : JSON.parse(serialized), ...(result.location ? { location: result.location } : {}) });
    if (result.location) res.location(result.location);
    res.status(result.status).type('application/json').send(serialized);
  };
}
