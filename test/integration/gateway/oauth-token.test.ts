import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { config } from '../../../services/core/config.ts';
import { createApiClient, createTenant } from '../../support/factories.ts';
import { gateway } from './helpers.ts';

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

describe('POST /oauth/token', () => {
  let tenantId: string;
  let clientId: string;
  let secret: string;

  before(async () => {
    const tenant = await createTenant();
    tenantId = tenant.id;
    ({ clientId, secret } = await createApiClient(tenant.id, ['customers:read', 'contracts:read']));
  });

  it('issues an RFC 9068 token with client_secret_basic', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .set('Authorization', basic(clientId, secret))
      .type('form').send({ grant_type: 'client_credentials' })
      .expect(200);

    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.body.token_type, 'Bearer');
    assert.equal(response.body.expires_in, config().gateway.tokenLifetimeSeconds);
    assert.equal(response.body.scope, 'customers:read contracts:read');

    const header = decodeProtectedHeader(response.body.access_token);
    assert.equal(header.typ, 'at+jwt');
    assert.ok(header.kid);
    const claims = decodeJwt(response.body.access_token);
    assert.equal(claims.iss, config().gateway.issuer);
    assert.equal(claims.aud, config().gateway.audience);
    assert.equal(claims.sub, clientId);
    assert.equal(claims.client_id, clientId);
    assert.equal(claims.tenant, tenantId);
    assert.equal(typeof claims.jti, 'string');
    assert.equal(claims.exp! - claims.iat!, config().gateway.tokenLifetimeSeconds);
  });

  it('issues a token with client_secret_post', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret })
      .expect(200);
    assert.equal(decodeJwt(response.body.access_token).client_id, clientId);
  });

  it('narrows the token to the requested scope', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'contracts:read' })
      .expect(200);
    assert.equal(response.body.scope, 'contracts:read');
    assert.equal(decodeJwt(response.body.access_token).scope, 'contracts:read');
  });

  it('rejects a scope the client does not hold', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'contracts:write' })
      .expect(400);
    assert.equal(response.body.error, 'invalid_scope');
    assert.match(response.body.error_description, /contracts:write/);
  });

  it('rejects a wrong secret with invalid_client', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .set('Authorization', basic(clientId, 'not-the-secret'))
      .type('form').send({ grant_type: 'client_credentials' })
      .expect(401);
    assert.deepEqual(response.body, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    assert.match(response.headers['www-authenticate'] ?? '', /^Basic /);
  });

  it('rejects an unknown client like a wrong secret', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: 'client-nobody', client_secret: 'x' })
      .expect(401);
    assert.deepEqual(response.body, { error: 'invalid_client', error_description: 'Client authentication failed.' });
  });

  it('rejects a disabled client', async () => {
    const disabled = await createApiClient(tenantId, ['customers:read'], { status: 'disabled' });
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: disabled.clientId, client_secret: disabled.secret })
      .expect(401);
    assert.equal(response.body.error, 'invalid_client');
  });

  it('rejects a client of a suspended tenant', async () => {
    const suspended = await createTenant({ status: 'suspended' });
    const client = await createApiClient(suspended.id, ['customers:read']);
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })
      .expect(401);
    assert.equal(response.body.error, 'invalid_client');
  });

  it('rejects another grant type', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'password', client_id: clientId, client_secret: secret })
      .expect(400);
    assert.equal(response.body.error, 'unsupported_grant_type');
  });

  it('rejects two client authentication methods at once', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .set('Authorization', basic(clientId, secret))
      .type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret })
      .expect(400);
    assert.equal(response.body.error, 'invalid_request');
  });

  it('rejects a JSON token request', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret })
      .expect(400);
    assert.equal(response.body.error, 'invalid_request');
  });

  it('rejects a repeated parameter', async () => {
    const response = await request(gateway()).post('/oauth/token')
      .type('form').send(`grant_type=client_credentials&grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`)
      .expect(400);
    assert.equal(response.body.error, 'invalid_request');
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('lists the kid that signs tokens', async () => {
    const tenant = await createTenant();
    const { clientId, secret } = await createApiClient(tenant.id, ['runs:read']);
    const token = await request(gateway()).post('/oauth/token')
      .type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret })
      .expect(200);
    const { kid } = decodeProtectedHeader(token.body.access_token);

    const response = await request(gateway()).get('/.well-known/jwks.json').expect(200);
    const keys = response.body.keys as { kid: string; d?: string; alg: string }[];
    const published = keys.find((key) => key.kid === kid);
    assert.ok(published, `kid ${kid} is missing from the JWKS`);
    assert.equal(published.d, undefined, 'the JWKS must not contain private key material');
    assert.ok(['ES256', 'RS256'].includes(published.alg));
  });
});
