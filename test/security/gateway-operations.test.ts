import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { config } from '../../services/core/config.ts';
import { controlModels } from '../../services/core/models/control.ts';
import { regionModels } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { SCOPES } from '../../services/gateway/auth/scopes.ts';
import { activeSigningKey } from '../../services/gateway/auth/signing-keys.ts';
import type { OpenApiOperation } from '../../services/gateway/openapi/build-document.ts';
import { API_VERSIONS, documentOf } from '../../services/gateway/versions/catalog.ts';
import { createApiClient, createTenant } from '../support/factories.ts';
import { contractBody, gateway, requestToken } from '../integration/gateway/helpers.ts';
import { sampleOf } from './schema-sample.ts';

// Runs every operation of every served version through the attacks a partner API must survive.
// The table comes from the OpenAPI documents, so an operation added to a route table is attacked
// here without a change to this file.

interface Target {
  version: string;
  method: 'get' | 'post';
  path: string;
  operation: OpenApiOperation;
}

const PROBLEM_FIELDS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'errors', 'requiredScope']);

function targets(): Target[] {
  return API_VERSIONS.flatMap((spec) => Object.entries(documentOf(spec).paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ version: spec.name, method: method as 'get' | 'post', path, operation }))));
}

function requiredScopes(operation: OpenApiOperation): string[] {
  return operation.security.flatMap((requirement) => Object.values(requirement).flat());
}

function requestBodySchema(operation: OpenApiOperation) {
  return (operation.requestBody as { content: Record<string, { schema: object }> } | undefined)?.content['application/json']?.schema;
}

// Values for the query parameters an operation requires, so the request reaches the handler.
function requiredQuery(operation: OpenApiOperation): Record<string, string> {
  const parameters = (operation.parameters ?? []) as { in?: string; name?: string; required?: boolean; schema?: object }[];
  return Object.fromEntries(parameters.filter((parameter) => parameter.in === 'query' && parameter.required)
    .map((parameter) => [parameter.name!, String(sampleOf(parameter.schema ?? {}))]));
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function forgedTokens(valid: string): Promise<Record<string, string>> {
  const claims = decodeJwt(valid);
  const kid = decodeProtectedHeader(valid).kid!;
  const key = await activeSigningKey();
  const stranger = await generateKeyPair('ES256');
  const outsideAllowlist = await generateKeyPair('ES384');
  const jwks = await request(gateway()).get('/.well-known/jwks.json').expect(200);
  const now = Math.floor(Date.now() / 1000);
  const signGenuine = (overrides: Record<string, unknown>) =>
    new SignJWT({ ...claims, ...overrides }).setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
  const [header, , signature] = valid.split('.');

  return {
    'alg none': `${base64url({ alg: 'none', typ: 'at+jwt', kid })}.${base64url(claims)}.`,
    'alg outside the allowlist': await new SignJWT(claims).setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid }).sign(outsideAllowlist.privateKey),
    'HS256 keyed with the public key': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(JSON.stringify(jwks.body.keys[0]))),
    expired: await signGenuine({ iat: now - 7200, exp: now - 3600 }),
    'not yet valid': await signGenuine({ nbf: now + 3600 }),
    'wrong audience': await signGenuine({ aud: 'https://other.example' }),
    'wrong issuer': await signGenuine({ iss: 'https://issuer.example' }),
    'unknown key': await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: `unknown-${randomUUID()}` }).sign(stranger.privateKey),
    'another key under the real kid': await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid }).sign(stranger.privateKey),
    'tampered payload': `${header}.${base64url({ ...claims, scope: SCOPES.join(' '), tenant: randomUUID() })}.${signature}`,
  };
}

function expectProblem(response: request.Response, status: number, secret?: string): void {
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${response.text.slice(0, 300)}`);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(response.body.status, status);
  assert.equal(response.body.stack, undefined);
  if (secret) assert.ok(!response.text.includes(secret), 'the problem must not echo the token');
}

describe('every operation under attack', function () {
  this.timeout(120_000);
  const table = targets();
  const scopedTokens = new Map<string, string>();
  let owner: { id: string; region: string };
  let attackerToken: string;
  let ownerToken: string;
  let disabledToken: string;
  let suspendedToken: string;
  let forged: Record<string, string>;
  const ownerObjects: Record<string, string> = {};

  async function tokenWithout(scopes: string[]): Promise<string> {
    const key = scopes.join(' ');
    if (!scopedTokens.has(key)) {
      const tenant = await createTenant();
      const held = SCOPES.filter((scope) => !scopes.includes(scope));
      const client = await createApiClient(tenant.id, held);
      scopedTokens.set(key, await requestToken(client.clientId, client.secret));
    }
    return scopedTokens.get(key)!;
  }

  // Objects of the owner tenant that the attacker will ask for by id, one per kind of path.
  async function createOwnerObjects(): Promise<void> {
    const customer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${ownerToken}`).send({ name: 'Owner customer', country: 'DE' }).expect(201);
    const contract = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${ownerToken}`).send(contractBody(customer.body.id)).expect(201);
    const runId = randomUUID();
    const exceptionId = randomUUID();
    await withTenant({ tenantId: owner.id, region: owner.region }, async (transaction) => {
      const models = regionModels(owner.region);
      await models.WorkflowRun.create({ id: runId, tenantId: owner.id, flow: 'contract-activation', flowVersion: 1, triggerKey: `security-${runId}`, triggerEventId: randomUUID(), contractId: contract.body.id, status: 'failed', input: {}, error: 'owner failure' }, { transaction });
      await models.WorkflowException.create({ id: exceptionId, tenantId: owner.id, runId, stepName: 'validate', error: 'owner failure', payloadRef: 'none', suggestedAction: 'retry' }, { transaction });
    });
    Object.assign(ownerObjects, { customers: customer.body.id, contracts: contract.body.id, runs: runId, exceptions: exceptionId });
  }

  before(async () => {
    owner = await createTenant();
    const ownerClient = await createApiClient(owner.id, [...SCOPES]);
    ownerToken = await requestToken(ownerClient.clientId, ownerClient.secret);
    await createOwnerObjects();

    const attacker = await createTenant();
    const attackerClient = await createApiClient(attacker.id, [...SCOPES]);
    attackerToken = await requestToken(attackerClient.clientId, attackerClient.secret);
    forged = await forgedTokens(attackerToken);

    const disabled = await createApiClient(attacker.id, [...SCOPES]);
    disabledToken = await requestToken(disabled.clientId, disabled.secret);
    await controlModels().ApiClient.update({ status: 'disabled' }, { where: { id: disabled.client.id } });

    const suspendedTenant = await createTenant();
    const suspended = await createApiClient(suspendedTenant.id, [...SCOPES]);
    suspendedToken = await requestToken(suspended.clientId, suspended.secret);
    await controlModels().Tenant.update({ status: 'suspended' }, { where: { id: suspendedTenant.id } });
  });

  function send(target: Target, options: { token?: string; id?: string; body?: string | object; contentType?: string } = {}) {
    const path = `/${target.version}${target.path.replace(/\{[^}]+\}/g, options.id ?? randomUUID())}`;
    const call = request(gateway())[target.method](path).query(requiredQuery(target.operation));
    if (options.token) call.set('Authorization', `Bearer ${options.token}`);
    if (options.contentType) call.set('Content-Type', options.contentType);
    const schema = requestBodySchema(target.operation);
    const body = options.body ?? (schema ? sampleOf(schema) : undefined);
    return body === undefined ? call : call.send(body as object);
  }

  for (const target of table) {
    describe(`${target.version} ${target.method.toUpperCase()} ${target.path}`, () => {
      it('rejects no token', async () => {
        const response = await send(target);
        expectProblem(response, 401);
        assert.equal(response.headers['www-authenticate'], 'Bearer realm="throughline"');
      });

      it('rejects each forged token', async () => {
        for (const [name, token] of Object.entries(forged)) {
          const response = await send(target, { token });
          assert.equal(response.status, 401, `${name}: expected 401, got ${response.status}`);
          expectProblem(response, 401, token);
          assert.equal(response.body.detail, 'The access token is invalid or has expired. Get a new one from POST /oauth/token.', name);
        }
      });

      it('rejects a disabled client', async () => {
        expectProblem(await send(target, { token: disabledToken }), 401, disabledToken);
      });

      it('rejects a suspended tenant', async () => {
        expectProblem(await send(target, { token: suspendedToken }), 401, suspendedToken);
      });

      it('names a missing scope', async () => {
        const required = requiredScopes(target.operation);
        const response = await send(target, { token: await tokenWithout(required) });
        expectProblem(response, 403);
        assert.equal(response.body.code, 'insufficient-scope');
        assert.ok(required.includes(response.body.requiredScope));
      });

      if (target.path.includes('{')) {
        it('hides another tenant\'s object', async () => {
          const kind = target.path.split('/')[1]!;
          // NOTE: a path whose first segment has no owner object here is probed with a random id.
          const id = ownerObjects[kind] ?? randomUUID();
          const response = await send(target, { token: attackerToken, id });
          expectProblem(response, 404);
          assert.deepEqual(Object.keys(response.body).filter((field) => !PROBLEM_FIELDS.has(field)), []);
          assert.doesNotMatch(response.text, /Owner customer|Finance systems implementation|owner failure/);
        });
      }

      if (requestBodySchema(target.operation)) {
        it('rejects an oversize body', async () => {
          const body = JSON.stringify({ padding: 'x'.repeat(config().gateway.maxBodyBytes + 1) });
          const response = await send(target, { token: attackerToken, body, contentType: 'application/json' });
          expectProblem(response, 413);
        });

        it('rejects a wrong content type', async () => {
          const response = await send(target, { token: attackerToken, body: 'name=x', contentType: 'text/plain' });
          expectProblem(response, 415);
        });
      }
    });
  }
});
