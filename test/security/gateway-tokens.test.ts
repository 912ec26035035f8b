import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { config } from '../../services/core/config.ts';
import { controlModels } from '../../services/core/models/control.ts';
import { activeSigningKey } from '../../services/gateway/auth/signing-keys.ts';
import { createApiClient, createTenant } from '../support/factories.ts';
import { gateway, requestToken, tenantWithToken } from '../integration/gateway/helpers.ts';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function expectInvalidToken(token: string): Promise<void> {
  const response = await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(401);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(response.headers['www-authenticate'], 'Bearer realm="throughline", error="invalid_token"');
  assert.equal(response.body.code, 'unauthorized');
  assert.ok(!response.text.includes(token), 'the problem must not echo the token');
}

describe('gateway access token checks', () => {
  let valid: string;
  let claims: ReturnType<typeof decodeJwt>;
  let kid: string;

  before(async () => {
    ({ token: valid } = await tenantWithToken());
    claims = decodeJwt(valid);
    kid = decodeProtectedHeader(valid).kid!;
  });

  it('accepts the genuine token', async () => {
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${valid}`).expect(200);
  });

  it('rejects alg none', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt', kid })}.${base64url(claims)}.`;
    await expectInvalidToken(unsigned);
  });

  it('rejects a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid }).sign(privateKey);
    await expectInvalidToken(forged);
  });

  it('rejects an HS256 token keyed with the public key', async () => {
    const jwks = await request(gateway()).get('/.well-known/jwks.json').expect(200);
    const secret = new TextEncoder().encode(JSON.stringify(jwks.body.keys[0]));
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(secret);
    await expectInvalidToken(forged);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = valid.split('.');
    const tampered = `${header}.${base64url({ ...claims, scope: `${claims.scope as string} admin`, tenant: randomUUID() })}.${signature}`;
    await expectInvalidToken(tampered);
  });

  it('rejects an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-a-key' }).sign(privateKey);
    await expectInvalidToken(forged);
  });

  describe('with the gateway signing key', () => {
    // Signing with the real key proves each claim check works on its own, not only the signature.
    async function signWithGatewayKey(overrides: Record<string, unknown>, typ = 'at+jwt'): Promise<string> {
      const key = await activeSigningKey();
      return new SignJWT({ ...claims, ...overrides }).setProtectedHeader({ alg: key.alg, typ, kid: key.kid }).sign(key.privateKey);
    }

    it('rejects an expired token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      await expectInvalidToken(await signWithGatewayKey({ iat: past - 900, exp: past }));
    });

    it('rejects a wrong audience', async () => {
      await expectInvalidToken(await signWithGatewayKey({ aud: 'https://other.example' }));
    });

    it('rejects a wrong issuer', async () => {
      await expectInvalidToken(await signWithGatewayKey({ iss: 'https://issuer.example' }));
    });

    it('rejects an iat in the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectInvalidToken(await signWithGatewayKey({ iat: now + 120, exp: now + 600 }));
    });

    it('accepts an iat within clock skew', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await signWithGatewayKey({ iat: now + 30, exp: now + 600 });
      await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('rejects a lifetime over the maximum', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectInvalidToken(await signWithGatewayKey({ iat: now, exp: now + config().gateway.maxTokenLifetimeSeconds + 1 }));
    });

    it('rejects a plain JWT type', async () => {
      await expectInvalidToken(await signWithGatewayKey({}, 'JWT'));
    });

    it('rejects a tenant the client does not belong to', async () => {
      await expectInvalidToken(await signWithGatewayKey({ tenant: randomUUID() }));
    });

    it('accepts a re-signed genuine payload', async () => {
      const token = await signWithGatewayKey({});
      await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
      assert.equal(decodeJwt(token).aud, config().gateway.audience);
    });
  });

  it('rejects the token of a client disabled after issue', async () => {
    const tenant = await createTenant();
    const { clientId, secret, client } = await createApiClient(tenant.id, ['customers:read']);
    const token = await requestToken(clientId, secret);
    await controlModels().ApiClient.update({ status: 'disabled' }, { where: { id: client.id } });
    await expectInvalidToken(token);
  });

  it('rejects the token of a tenant suspended after issue', async () => {
    const tenant = await createTenant();
    const { clientId, secret } = await createApiClient(tenant.id, ['customers:read']);
    const token = await requestToken(clientId, secret);
    await controlModels().Tenant.update({ status: 'suspended' }, { where: { id: tenant.id } });
    await expectInvalidToken(token);
  });
});

describe('gateway scopes', () => {
  it('rejects a missing scope with 403 naming it', async () => {
    const { token } = await tenantWithToken(['customers:read']);
    const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'X', country: 'DE' }).expect(403);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(response.body.code, 'insufficient-scope');
    assert.equal(response.body.requiredScope, 'customers:write');
    assert.match(response.body.detail, /customers:write/);
    assert.match(response.headers['www-authenticate'] ?? '', /error="insufficient_scope", scope="customers:write"/);
  });

  it('honours a token narrowed to fewer scopes', async () => {
    const tenant = await createTenant();
    const { clientId, secret } = await createApiClient(tenant.id, ['customers:read', 'runs:read']);
    const token = await requestToken(clientId, secret, 'runs:read');
    await request(gateway()).get('/v1/runs').set('Authorization', `Bearer ${token}`).expect(200);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(403);
  });
});
