import type { SchemaObject } from 'ajv';
import type { Logger } from 'pino';
import type { Scope } from '../auth/scopes.ts';
import type { Principal } from '../http/request-context.ts';

// An API version is a table of operations. Each row declares its method, path, required scope and
// schemas as data. The version's OpenAPI document is built from the table, and the gateway mounts
// the table's routes with the scopes and schemas read back from that document.

export type HttpMethod = 'get' | 'post';

export interface ApiRequest {
  // The version the client called, such as "v1", for links back into the same version.
  apiVersion: string;
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
  // Longer text for the reference page; the summary stands alone when this is absent.
  description?: string;
  method: HttpMethod;
  // Express path syntax, relative to the version prefix: "/customers/:id".
  path: string;
  scope: Scope;
  requestSchema?: SchemaObject;
  // Accepts a request without a body as if it sent {}. Without this, a route with a requestSchema
  // rejects an empty body with 400.
  requestBodyOptional?: boolean;
  querySchema?: SchemaObject;
  // The body of a successful response. Without one the document promises only a JSON object and
  // the gateway cannot check the response.
  responseSchema?: SchemaObject;
  // 200 for GET and 201 for POST unless set, such as 202 for an accepted request.
  successStatus?: number;
  handler: (request: ApiRequest) => Promise<ApiResponse>;
}

export function successStatusOf(route: RouteDefinition): number {
  return route.successStatus ?? (route.method === 'post' ? 201 : 200);
}
