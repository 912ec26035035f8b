import assert from 'node:assert/strict';
import request from 'supertest';
import { controlModels } from '../../../services/core/models/control.ts';
import { createGatewayApp } from '../../../services/gateway/app.ts';
import { gateway, tenantWithToken } from './helpers.ts';

// Each test uses its own tier names and fresh clients, so counters left in Redis by earlier runs
// or other suites never meet these.
async function clientOfTier(tier: string) {
  const created = await tenantWithToken(['customers:read']);
  await controlModels().ApiClient.update({ tier }, { where: { id: created.client.id } });
  return created;
}

describe('rate limits', () => {
  it('sets RateLimit headers', async () => {
    const { token } = await tenantWithToken(['customers:read']);
    const response = await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(response.headers['ratelimit-policy'], '"minute";q=600;w=60, "day";q=100000;w=86400');
    assert.match(response.headers.ratelimit ?? '', /^"minute";r=599;t=\d+, "day";r=99999;t=\d+$/);
  });

  it('rejects a client over its minute limit', async () => {
    const tiers = { 'test-minute': { perMinute: 3, perDay: 1000 } };
    const app = createGatewayApp({ rateTiers: tiers });
    const flooding = await clientOfTier('test-minute');
    const bystander = await clientOfTier('test-minute');

    for (let call = 0; call < 3; call += 1) await request(app).get('/v1/customers').set('Authorization', `Bearer ${flooding.token}`).expect(200);
    const rejected = await request(app).get('/v1/customers').set('Authorization', `Bearer ${flooding.token}`).expect(429);
    assert.match(rejected.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(rejected.body.code, 'rate-limited');
    assert.ok(Number(rejected.headers['retry-after']) >= 1);
    assert.match(rejected.headers.ratelimit ?? '', /^"minute";r=0;/);
    assert.match(rejected.headers.ratelimit ?? '', /, "day";r=997;t=\d+$/, 'a 429 still reports the day window');

    const other = await request(app).get('/v1/customers').set('Authorization', `Bearer ${bystander.token}`).expect(200);
    assert.match(other.headers.ratelimit ?? '', /^"minute";r=2;/);
  });

  it('shares counters across gateway copies', async () => {
    const tiers = { 'test-shared': { perMinute: 4, perDay: 1000 } };
    const copies = [createGatewayApp({ rateTiers: tiers }), createGatewayApp({ rateTiers: tiers })];
    const { token } = await clientOfTier('test-shared');

    const statuses: number[] = [];
    for (let call = 0; call < 6; call += 1) {
      const response = await request(copies[call % 2]!).get('/v1/customers').set('Authorization', `Bearer ${token}`);
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  });

  it('rejects a client over its daily quota', async () => {
    const app = createGatewayApp({ rateTiers: { 'test-daily': { perMinute: 100, perDay: 2 } } });
    const { token } = await clientOfTier('test-daily');
    await request(app).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
    await request(app).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(200);
    const rejected = await request(app).get('/v1/customers').set('Authorization', `Bearer ${token}`).expect(429);
    assert.equal(rejected.body.code, 'quota-exceeded');
    assert.match(rejected.body.detail, /midnight UTC/);
  });
});
