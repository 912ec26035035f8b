import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { config } from '../../../services/core/config.ts';
import { apiPolicyModels } from '../../../services/core/models/api-policy.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { rotateClientSecret } from '../../../services/gateway/auth/client-secrets.ts';
import { publishedKeyRows, retireExpiredKeys, rotateSigningKey, rotateSigningKeyIfDue } from '../../../services/gateway/auth/signing-keys.ts';
import { createApiClient, createTenant } from '../../support/factories.ts';
import { gateway, requestToken } from './helpers.ts';

function tokenRequest(form: Record<string, string>) {
  return request(gateway()).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', ...form });
}

describe('OAuth client secret rotation', () => {
  it('accepts both secrets during the grace period', async () => {
    const tenant = await createTenant();
    const { client, clientId, secret: oldSecret } = await createApiClient(tenant.id, ['customers:read']);
    const { secret: newSecret } = await rotateClientSecret(client, 3600);

    await tokenRequest({ client_id: clientId, client_secret: newSecret }).expect(200);
    await tokenRequest({ client_id: clientId, client_secret: oldSecret }).expect(200);
    const stored = await controlModels().ApiClient.findByPk(client.id);
    assert.ok(!JSON.stringify(stored).includes(newSecret), 'the new secret must be stored only as a hash');
  });

  it('rejects the previous secret after its expiry', async () => {
    const tenant = await createTenant();
    const { client, clientId, secret: oldSecret } = await createApiClient(tenant.id, ['customers:read']);
    await rotateClientSecret(client, 3600);
    await client.update({ previousSecretExpiresAt: new Date(Date.now() - 1000) });
    const response = await tokenRequest({ client_id: clientId, client_secret: oldSecret }).expect(401);
    assert.equal(response.body.error, 'invalid_client');
  });
});

describe('OAuth private_key_jwt', () => {
  let clientId: string;
  let privateKey: CryptoKey;

  before(async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    privateKey = keys.privateKey;
    const tenant = await createTenant();
    const created = await createApiClient(tenant.id, ['customers:read']);
    clientId = created.clientId;
    await created.client.update({ publicJwks: [{ ...(await exportJWK(keys.publicKey)), kid: 'partner-key-1', alg: 'ES256' }] });
  });

  function assertion(overrides: Record<string, unknown> = {}, key: CryptoKey = privateKey): Promise<string> {
    return new SignJWT({ jti: randomUUID(), ...overrides })
      .setProtectedHeader({ alg: 'ES256', kid: 'partner-key-1' })
      .setIssuer(clientId).setSubject(clientId).setAudience(`${config().gateway.issuer}/oauth/token`)
      .setIssuedAt().setExpirationTime('2m')
      .sign(key);
  }

  function withAssertion(signed: string) {
    return tokenRequest({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signed });
  }

  it('issues a token for a signed assertion', async () => {
    const response = await withAssertion(await assertion()).expect(200);
    assert.equal(decodeJwt(response.body.access_token).client_id, clientId);
  });

  it('rejects a replayed assertion', async () => {
    const signed = await assertion();
    await withAssertion(signed).expect(200);
    const replay = await withAssertion(signed).expect(401);
    assert.deepEqual(replay.body, { error: 'invalid_client', error_description: 'Client authentication failed.' });
  });

  it('rejects an assertion signed by another key', async () => {
    const stranger = await generateKeyPair('ES256');
    await withAssertion(await assertion({}, stranger.privateKey)).expect(401);
  });

  it('rejects an assertion for another audience', async () => {
    const signed = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'ES256' })
      .setIssuer(clientId).setSubject(clientId).setAudience('https://elsewhere.example/token').setIssuedAt().setExpirationTime('2m').sign(privateKey);
    await withAssertion(signed).expect(401);
  });

  it('rejects a client without registered keys', async () => {
    const tenant = await createTenant();
    const plain = await createApiClient(tenant.id, ['customers:read']);
    const signed = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'ES256' })
      .setIssuer(plain.clientId).setSubject(plain.clientId).setAudience(config().gateway.issuer).setIssuedAt().setExpirationTime('2m').sign(privateKey);
    await withAssertion(signed).expect(401);
  });

  it('rejects an assertion beside a secret', async () => {
    const response = await tokenRequest({ client_id: clientId, client_secret: 'x', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion() }).expect(400);
    assert.equal(response.body.error, 'invalid_request');
  });
});

describe('OAuth token lifetime policy', () => {
  it('uses the tenant\'s lifetime', async () => {
    const tenant = await createTenant();
    await apiPolicyModels().TenantApiPolicy.create({ tenantId: tenant.id, tokenLifetimeSeconds: 300, pinnedVersion: null });
    const { clientId, secret } = await createApiClient(tenant.id, ['customers:read']);
    const response = await tokenRequest({ client_id: clientId, client_secret: secret }).expect(200);
    assert.equal(response.body.expires_in, 300);
    const claims = decodeJwt(response.body.access_token);
    assert.equal(claims.exp! - claims.iat!, 300);
  });

  it('caps a lifetime over the maximum', async () => {
    const tenant = await createTenant();
    await apiPolicyModels().TenantApiPolicy.create({ tenantId: tenant.id, tokenLifetimeSeconds: 86_400, pinnedVersion: null });
    const { clientId, secret } = await createApiClient(tenant.id, ['customers:read']);
    const response = await tokenRequest({ client_id: clientId, client_secret: secret }).expect(200);
    assert.equal(response.body.expires_in, config().gateway.maxTokenLifetimeSeconds);
  });
});

describe('signing key rotation', () => {
  it('keeps tokens of the old key valid', async () => {
    const tenant = await createTenant();
    const { clientId, secret } = await createApiClient(tenant.id, ['customers:read']);
    const before = await requestToken(clientId, secret);
    const oldKid = decodeProtectedHeader(before).kid!;

    const rotated = await rotateSigningKey('test');
    assert.notEqual(rotated.kid, oldKid);
    assert.ok(rotated.retiredKids.includes(oldKid));

    const after = await requestToken(clientId, secret);
    assert.equal(decodeProtectedHeader(after).kid, rotated.kid);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${before}`).expect(200);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${after}`).expect(200);

    const jwks = await request(gateway()).get('/.well-known/jwks.json').expect(200);
    const kids = (jwks.body.keys as { kid: string }[]).map((key) => key.kid);
    assert.ok(kids.includes(oldKid), 'the JWKS must still list the old key');
    assert.ok(kids.includes(rotated.kid), 'the JWKS must list the new key');

    const old = await controlModels().SigningKey.findByPk(oldKid);
    assert.equal(old?.status, 'retiring');
    const keepsFor = old!.retireAfter!.getTime() - Date.now();
    assert.ok(keepsFor >= config().gateway.maxTokenLifetimeSeconds * 1000, 'the old key must stay published as long as its tokens live');
  });

  it('retires keys after their tokens expire', async () => {
    const kid = `expired-${randomUUID()}`;
    await controlModels().SigningKey.create({ kid, alg: 'ES256', publicJwk: { kty: 'EC', kid }, privateKeyEncrypted: 'unused', status: 'retiring', retireAfter: new Date(Date.now() - 1000) });
    assert.ok(!(await publishedKeyRows()).some((row) => row.kid === kid));
    await retireExpiredKeys();
    assert.equal((await controlModels().SigningKey.findByPk(kid))?.status, 'retired');
  });

  it('rotates on schedule only when due', async () => {
    assert.equal(await rotateSigningKeyIfDue(new Date()), false);
    const farFuture = new Date(Date.now() + (config().gateway.signingKeyRotationDays + 1) * 86_400_000);
    assert.equal(await rotateSigningKeyIfDue(farFuture), true);
  });
});
