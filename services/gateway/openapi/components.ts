import { config } from '../../core/config.ts';
import { PROBLEM_TYPE_BASE } from '../../core/problem.ts';
import { SCOPES } from '../auth/scopes.ts';
import { arraySchema, objectSchema, textSchema, uuidSchema } from './schema-parts.ts';

// The parts every version's document shares: the problem details schema, the rate limit and
// deprecation headers, the error responses and the OAuth 2.0 security scheme.

export const SECURITY_SCHEME = 'oauth2';

const problemSchema = {
  ...objectSchema({
    type: textSchema(300, { format: 'uri', description: `${PROBLEM_TYPE_BASE} followed by the code.` }),
    title: textSchema(100),
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: textSchema(2000, { description: 'What failed and what to do next, safe to show to a user.' }),
    code: textSchema(100, { pattern: '^[a-z0-9-]+$', description: 'Stable machine code, the same in every API version.' }),
    instance: textSchema(2000, { description: 'The request path.' }),
    requestId: textSchema(128, { description: 'The X-Request-Id of the request; quote it to support.' }),
    errors: arraySchema(objectSchema({ field: textSchema(300), message: textSchema(500) }), 500),
    requiredScope: textSchema(100, { description: 'On 403: the scope the token lacks.' }),
    successor: textSchema(20, { description: 'On 410: the version that replaces the retired one.' }),
    contractId: { ...uuidSchema, description: 'On 409 duplicate-external-ref: the id of the contract that already has this externalRef.' },
  }, ['type', 'title', 'status', 'detail', 'code']),
  description: 'RFC 9457 problem details.',
};

const stringHeader = (description: string) => ({ description, schema: textSchema(500) });

const headers = {
  RateLimit: stringHeader('Remaining requests and seconds until the window resets per policy, such as "minute";r=599;t=42.'),
  'RateLimit-Policy': stringHeader('The client tier\'s limits, such as "minute";q=600;w=60, "day";q=100000;w=86400.'),
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } },
  'X-Request-Id': stringHeader('The request id: the caller\'s X-Request-Id when it is plain and short, else one made by the gateway.'),
  Deprecation: stringHeader('Present on a deprecated version (RFC 9745): when it was or will be deprecated, as @<unix seconds>.'),
  Sunset: stringHeader('Present on a deprecated version (RFC 8594): the HTTP date after which it is retired.'),
  Link: stringHeader('On a deprecated version: its deprecation notice and its successor version.'),
  'Idempotent-Replayed': stringHeader('"true" when the response is the stored response of an earlier request with the same Idempotency-Key.'),
};

export const COMMON_HEADERS = ['RateLimit', 'RateLimit-Policy', 'X-Request-Id', 'Deprecation', 'Sunset', 'Link'];

export function headerRefs(names: string[] = COMMON_HEADERS): Record<string, { $ref: string }> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

function problemResponse(description: string, extraHeaders: string[] = []) {
  return {
    description,
    headers: headerRefs([...COMMON_HEADERS, ...extraHeaders]),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

export const ERROR_RESPONSES = {
  BadRequest: problemResponse('The request is invalid: a field, query parameter, header or JSON body. errors lists each invalid field.'),
  Unauthorized: problemResponse('The access token is missing, invalid or expired, or its client or tenant may no longer act.'),
  Forbidden: problemResponse('The token lacks a scope this operation requires (requiredScope names it), or the tenant\'s policy forbids this version.'),
  NotFound: problemResponse('No object with this id exists for the token\'s tenant.'),
  Conflict: problemResponse('A request with the same Idempotency-Key is still running, or a contract with the same externalRef exists (contractId names it).', ['Retry-After']),
  ContentTooLarge: problemResponse('The request body is larger than the gateway accepts.'),
  UnsupportedMediaType: problemResponse('The request body is not application/json.'),
  UnprocessableContent: problemResponse('The Idempotency-Key was used before with a different request body.'),
  TooManyRequests: problemResponse('The client exceeded its tier\'s rate limit or daily quota.', ['Retry-After']),
  InternalError: problemResponse('The gateway failed; retry later and quote the request id if it persists.'),
};

// Scopes are listed with what each allows, so the document is the reference for client admins.
const SCOPE_DESCRIPTIONS: Record<string, string> = {
  'customers:read': 'Read customers',
  'customers:write': 'Create customers',
  'contracts:read': 'Read contracts',
  'contracts:write': 'Create contracts; an executed contract starts its activation',
  'runs:read': 'Read workflow runs',
  'usage:read': 'Read the tenant\'s API usage per client and version',
};

export function components() {
  const { issuer } = config().gateway;
  return {
    schemas: { Problem: problemSchema },
    headers,
    parameters: {
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes a POST safe to retry. The same key with the same body within 24 hours returns the stored response, and with another body returns 422. When creating a contract, send this key or an externalRef in the body, so a retry cannot create the contract twice.',
        schema: textSchema(255, { pattern: '^[\\x21-\\x7E]{1,255}$' }),
      },
    },
    responses: ERROR_RESPONSES,
    securitySchemes: {
      [SECURITY_SCHEME]: {
        type: 'oauth2',
        description: 'OAuth 2.0 client credentials. Access tokens are signed JWTs in the RFC 9068 profile, verified as RFC8725 (JSON Web Token Best Current Practices) advises: an allowlist of algorithms (ES256, RS256), never "none", typ at+jwt, and issuer, audience and lifetime checked. Tokens live 15 minutes unless the tenant sets another lifetime.',
        flows: {
          clientCredentials: {
            tokenUrl: `${issuer}/oauth/token`,
            scopes: Object.fromEntries(SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope] ?? scope])),
          },
        },
      },
    },
  };
}
