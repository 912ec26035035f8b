import type { SchemaObject } from 'ajv';
import { successStatusOf, type RouteDefinition } from '../routes/route-table.ts';
import type { ApiVersionSpec } from './api-version-spec.ts';
import { COMMON_HEADERS, components, headerRefs, SECURITY_SCHEME } from './components.ts';
import { openApiPath, pathParameterNames } from './path-syntax.ts';
import { uuidSchema } from './schema-parts.ts';

// Builds a version's OpenAPI 3.1 document from its route table. The gateway validates requests
// with the same schemas and enforces the scopes it reads back from this document.

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  [field: string]: unknown;
};

export interface OpenApiOperation {
  operationId: string;
  security: Record<string, string[]>[];
  [field: string]: unknown;
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

function parametersOf(route: RouteDefinition): unknown[] {
  const pathParameters = pathParameterNames(route.path).map((name) => ({
    name, in: 'path', required: true, description: 'The object\'s id, a UUID.', schema: uuidSchema,
  }));
  const query = (route.querySchema ?? {}) as { properties?: Record<string, SchemaObject>; required?: string[] };
  const queryParameters = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name, in: 'query', required: query.required?.includes(name) ?? false, schema,
  }));
  const headers = route.method === 'post' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [];
  return [...pathParameters, ...queryParameters, ...headers];
}

function responsesOf(route: RouteDefinition): Record<string, unknown> {
  const success = {
    description: route.summary,
    headers: route.method === 'post' ? headerRefs([...COMMON_HEADERS, 'Idempotent-Replayed']) : headerRefs(),
    content: { 'application/json': { schema: route.responseSchema ?? { type: 'object', description: 'Not described yet.' } } },
  };
  const responses: Record<string, unknown> = {
    [String(successStatusOf(route))]: success,
    400: ref('BadRequest'),
    401: ref('Unauthorized'),
    403: ref('Forbidden'),
  };
  if (pathParameterNames(route.path).length > 0) responses[404] = ref('NotFound');
  if (route.method === 'post') Object.assign(responses, { 409: ref('Conflict'), 422: ref('UnprocessableContent') });
  if (route.requestSchema) Object.assign(responses, { 413: ref('ContentTooLarge'), 415: ref('UnsupportedMediaType') });
  return { ...responses, 429: ref('TooManyRequests'), 500: ref('InternalError') };
}

function operationOf(route: RouteDefinition): OpenApiOperation {
  const tag = route.path.split('/')[1] ?? 'api';
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [tag],
    security: [{ [SECURITY_SCHEME]: [route.scope] }],
    parameters: parametersOf(route),
    ...(route.requestSchema ? { requestBody: { required: !route.requestBodyOptional, content: { 'application/json': { schema: route.requestSchema } } } } : {}),
    responses: responsesOf(route),
  };
}

export function buildOpenApiDocument(spec: ApiVersionSpec): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of spec.routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  const tags = [...new Set(spec.routes.map((route) => route.path.split('/')[1] ?? 'api'))].map((name) => ({ name }));

  return {
    openapi: '3.1.0',
    info: {
      title: spec.title,
      version: spec.name,
      description: spec.description,
      contact: { name: 'Throughline API support', url: 'https://docs.throughline.example/support' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Throughline' },
    },
    servers: [{ url: `/${spec.name}`, description: 'This gateway: local, staging or production, as deployed.', 'x-internal': false }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags,
    paths,
    components: components(),
  };
}
