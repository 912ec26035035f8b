import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { apiPolicyModels } from '../../../services/core/models/api-policy.ts';
import { createTenant } from '../../support/factories.ts';
import { gateway } from './helpers.ts';

// A tenant's own OpenID provider, played by a small discovery and JWKS server on 127.0.0.1 that
// counts how often the gateway fetches its keys.
async function startProvider(publicJwk: Record<string, unknown>) {
  const hits = { discovery: 0, jwks: 0 };
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/.well-known/openid-configuration') {
      hits.discovery += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }));
      return;
    }
    if (req.url === '/jwks') {
      hits.jwks += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('tenant identity provider tokens', () => {
  const audience = 'https://api.partner-idp.example';
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let privateKey: CryptoKey;

  before(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    privateKey = keys.privateKey;
    provider = await startProvider({ ...(await exportJWK(keys.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' });
    const tenant = await createTenant();
    await apiPolicyModels().TenantIdentityProvider.create({
      id: randomUUID(), tenantId: tenant.id, issuer: provider.issuer, audience, clientClaim: 'azp', scopeClaim: 'scp',
      scopeMap: { 'crm.read': ['customers:read', 'contracts:read'], 'crm.admin': ['not-a-scope'] },
    });
  });

  after(async () => {
    await provider.close();
  });

  function providerToken(overrides: Record<string, unknown> = {}, kid = 'idp-key-1'): Promise<string> {
    return new SignJWT({ azp: 'erp-sync', scp: 'crm.read crm.admin', ...overrides })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(provider.issuer).setAudience(audience).setSubject('service-account-1').setIssuedAt().setExpirationTime('5m')
      .sign(privateKey);
  }

  it('accepts a token with mapped scopes', async () => {
    const token = await providerToken();
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
    await request(gateway()).get('/v2/contracts').set('Authorization', `Bearer ${token}`).expect(200);
    const denied = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'X', country: 'DE' }).expect(403);
    assert.equal(denied.body.requiredScope, 'customers:write');
    assert.equal(provider.hits.discovery, 1);
  });

  it('rejects a wrong audience or an expired token', async () => {
    const wrongAudience = await new SignJWT({ azp: 'erp-sync', scp: 'crm.read' }).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setIssuer(provider.issuer).setAudience('https://other.example').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${wrongAudience}`).expect(401);

    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ azp: 'erp-sync', scp: 'crm.read' }).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setIssuer(provider.issuer).setAudience(audience).setIssuedAt(now - 900).setExpirationTime(now - 600).sign(privateKey);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${expired}`).expect(401);
  });

  it('bounds JWKS fetches for unknown kids', async () => {
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${await providerToken()}`).expect(200);
    const before = provider.hits.jwks;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const forged = await providerToken({}, `unknown-${attempt}`);
      await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${forged}`).expect(401);
    }
    assert.ok(provider.hits.jwks - before <= 1, `20 unknown kids caused ${provider.hits.jwks - before} JWKS fetches`);
  });

  it('contacts no server for an untrusted issuer', async () => {
    const before = { ...provider.hits };
    const untrusted = await new SignJWT({ azp: 'x', scp: 'crm.read' }).setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setIssuer(`${provider.issuer}/other`).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${untrusted}`).expect(401);
    assert.deepEqual(provider.hits, before);
  });
});
