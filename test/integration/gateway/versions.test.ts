import assert from 'node:assert/strict';
import request from 'supertest';
import { apiPolicyModels } from '../../../services/core/models/api-policy.ts';
import { createGatewayApp } from '../../../services/gateway/app.ts';
import type { VersionLifecycle } from '../../../services/gateway/versions/version-registry.ts';
import { createApiClient, createTenant } from '../../support/factories.ts';
import { contractBody, gateway, requestToken, tenantWithToken } from './helpers.ts';

function contractBodyV2(customerId: string, overrides: Record<string, unknown> = {}) {
  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  return {
    customerId,
    title: 'Finance systems implementation',
    total: eur('120000.00'),
    serviceCategory: 'consulting',
    startDate: '2027-01-01',
    rateCard: [{ role: 'consultant', unit: 'day', rate: eur('1200.00') }],
    lines: [
      { description: 'Discovery workshop', billingType: 'fixed-fee', quantity: '1', unitPrice: eur('24000.00'), amount: eur('24000.00') },
      { description: 'Implementation', billingType: 'time-and-materials', rateCardRole: 'consultant', quantity: '80', unitPrice: eur('1200.00'), amount: eur('96000.00') },
    ],
    milestones: [{ name: 'Go-live', dueDate: '2027-06-30', amount: eur('20000.00') }],
    ...overrides,
  };
}

function lifecycle(version: string, overrides: Partial<VersionLifecycle> = {}): VersionLifecycle {
  return { version, status: 'current', releasedAt: new Date('2026-01-01T00:00:00Z'), deprecatedAt: null, sunsetAt: null, successor: null, ...overrides };
}

describe('API versions', () => {
  let token: string;
  let customerId: string;

  before(async () => {
    ({ token } = await tenantWithToken());
    const customer = await request(gateway()).post('/v2/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Contoso AG', country: 'CH' }).expect(201);
    customerId = customer.body.id;
    assert.equal(customer.headers.location, `/v2/customers/${customerId}`);
  });

  describe('documents', () => {
    for (const version of ['v1', 'v2']) {
      it(`serves the ${version} OpenAPI document`, async () => {
        const response = await request(gateway()).get(`/${version}/openapi.json`).expect(200);
        assert.equal(response.body.openapi, '3.1.0');
        assert.equal(response.body.info.version, version);
        const operation = response.body.paths['/contracts'].post;
        assert.deepEqual(operation.security, [{ oauth2: ['contracts:write'] }]);
        assert.ok(operation.requestBody.content['application/json'].schema.properties);
      });

      it(`serves the ${version} reference page`, async () => {
        const response = await request(gateway()).get(`/${version}/docs`).expect(200);
        assert.match(response.headers['content-type'] ?? '', /^text\/html/);
        assert.match(response.text, /POST \/v\d\/contracts/);
        assert.match(response.text, /id="lifecycle"/);
        assert.match(response.text, new RegExp(`<link rel="stylesheet" href="/${version}/docs.css">`));
        assert.match(response.text, /<meta name="viewport"/);

        const stylesheet = await request(gateway()).get(`/${version}/docs.css`).expect(200);
        assert.match(stylesheet.headers['content-type'] ?? '', /^text\/css/);
        assert.match(stylesheet.text, /max-width/);
      });
    }

    it('describes money differently per version', async () => {
      const v1 = (await request(gateway()).get('/v1/openapi.json')).body;
      const v2 = (await request(gateway()).get('/v2/openapi.json')).body;
      const v1Body = v1.paths['/contracts'].post.requestBody.content['application/json'].schema;
      const v2Body = v2.paths['/contracts'].post.requestBody.content['application/json'].schema;
      assert.equal(v1Body.properties.totalValue.type, 'string');
      assert.equal(v2Body.properties.total.type, 'object');
      assert.deepEqual(v2Body.properties.total.required, ['amount', 'currency']);
      assert.ok(v2Body.properties.lines.items.properties.rateCardRole);
    });
  });

  describe('contracts across versions', () => {
    it('reads a v2 contract in v1', async () => {
      const created = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(contractBodyV2(customerId)).expect(201);
      assert.deepEqual(created.body.total, { amount: '120000.00', currency: 'EUR' });
      const entryId = created.body.rateCard[0].id;
      assert.equal(created.body.lines[1].rateCardEntryId, entryId);
      assert.equal(created.body.lines[0].rateCardEntryId, null);
      assert.equal(created.headers.location, `/v2/contracts/${created.body.id}`);

      const v1 = await request(gateway()).get(`/v1/contracts/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
      assert.equal(v1.body.totalValue, '120000.00');
      assert.equal(v1.body.currency, 'EUR');
      assert.equal(v1.body.lines[1].role, 'consultant');
      assert.equal(v1.body.total, undefined);
    });

    it('reads a v1 contract in v2', async () => {
      const created = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(contractBody(customerId)).expect(201);
      const v2 = await request(gateway()).get(`/v2/contracts/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
      assert.deepEqual(v2.body.total, { amount: '120000.00', currency: 'EUR' });
      const consultant = v2.body.rateCard.find((entry: { role: string }) => entry.role === 'consultant');
      assert.equal(v2.body.lines[1].rateCardEntryId, consultant.id);
      assert.deepEqual(v2.body.milestones[0].amount, { amount: '20000.00', currency: 'EUR' });

      const list = await request(gateway()).get('/v2/contracts').query({ customerId }).set('Authorization', `Bearer ${token}`).expect(200);
      assert.ok(list.body.data.every((contract: { total: { currency: string } }) => contract.total.currency === 'EUR'));
    });

    it('rejects a v2 amount in another currency', async () => {
      const body = contractBodyV2(customerId);
      body.milestones[0]!.amount = { amount: '20000.00', currency: 'USD' };
      const response = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(400);
      assert.deepEqual(response.body.errors, [{ field: 'milestones[0].amount.currency', message: 'must be EUR, the currency of total' }]);
    });

    it('rejects a v2 line without a rate card role', async () => {
      const body = contractBodyV2(customerId);
      body.lines[1]!.rateCardRole = 'partner';
      const unknown = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(400);
      assert.equal(unknown.body.errors[0].field, 'lines[1].rateCardRole');
      assert.match(unknown.body.errors[0].message, /must name a role of the rate card/);

      delete (body.lines[1] as { rateCardRole?: string }).rateCardRole;
      const missing = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(400);
      assert.equal(missing.body.errors[0].field, 'lines[1].rateCardRole');
      assert.match(missing.body.errors[0].message, /must name a role of the rate card/);
    });

    it('rejects v1 money fields on v2', async () => {
      const response = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(contractBody(customerId)).expect(400);
      assert.ok(response.body.errors.some((error: { field: string }) => error.field === 'totalValue'));
    });
  });

  describe('lifecycle', () => {
    const deprecatedAt = new Date('2026-12-01T00:00:00Z');
    const sunsetAt = new Date('2027-06-30T23:59:59Z');

    it('marks a deprecated version', async () => {
      const app = createGatewayApp({
        versionSource: async () => [lifecycle('v1', { status: 'deprecated', deprecatedAt, sunsetAt, successor: 'v2' }), lifecycle('v2')],
      });
      const response = await request(app).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
      assert.equal(response.headers.deprecation, `@${deprecatedAt.getTime() / 1000}`);
      assert.equal(response.headers.sunset, 'Wed, 30 Jun 2027 23:59:59 GMT');
      assert.match(response.headers.link ?? '', /<\/v1\/docs#lifecycle>; rel="deprecation"/);
      assert.match(response.headers.link ?? '', /<\/v2\/openapi.json>; rel="successor-version"/);

      const current = await request(app).get('/v2/customers').set('Authorization', `Bearer ${token}`).expect(200);
      assert.equal(current.headers.deprecation, undefined);
      assert.equal(current.headers.sunset, undefined);
    });

    it('returns 410 for a retired version', async () => {
      const app = createGatewayApp({
        versionSource: async () => [lifecycle('v0', { status: 'retired', deprecatedAt, successor: 'v1' }), lifecycle('v1', { status: 'retired', deprecatedAt, successor: 'v2' }), lifecycle('v2')],
      });
      const retired = await request(app).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(410);
      assert.match(retired.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal(retired.body.code, 'version-retired');
      assert.equal(retired.body.successor, 'v2');
      assert.match(retired.body.detail, /v2/);

      const unmounted = await request(app).get('/v0/anything').expect(410);
      assert.equal(unmounted.body.successor, 'v1');
      await request(app).get('/v9/anything').expect(404);
    });
  });

  describe('tenant version policy', () => {
    // The policy is written before the first token, because the gateway caches a tenant's policy.
    async function tokenUnderPolicy(policy: { pinnedVersion: string | null; forbiddenVersions?: string[] }): Promise<string> {
      const tenant = await createTenant();
      await apiPolicyModels().TenantApiPolicy.create({ tenantId: tenant.id, tokenLifetimeSeconds: null, ...policy });
      const client = await createApiClient(tenant.id, ['customers:read']);
      return requestToken(client.clientId, client.secret);
    }

    it('rejects versions other than the pinned one', async () => {
      const pinned = { token: await tokenUnderPolicy({ pinnedVersion: 'v2' }) };
      await request(gateway()).get('/v2/customers').set('Authorization', `Bearer ${pinned.token}`).expect(200);
      const response = await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${pinned.token}`).expect(403);
      assert.equal(response.body.code, 'version-not-allowed');
      assert.match(response.body.detail, /pins its clients to v2/);
    });

    it('rejects a forbidden version', async () => {
      const forbidding = { token: await tokenUnderPolicy({ pinnedVersion: null, forbiddenVersions: ['v1'] }) };
      const response = await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${forbidding.token}`).expect(403);
      assert.equal(response.body.code, 'version-not-allowed');
      await request(gateway()).get('/v2/customers').set('Authorization', `Bearer ${forbidding.token}`).expect(200);
    });
  });
});
