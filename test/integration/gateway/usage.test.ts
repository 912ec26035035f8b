import assert from 'node:assert/strict';
import request from 'supertest';
import { flushUsage } from '../../../services/gateway/limits/usage-recorder.ts';
import { createApiClient } from '../../support/factories.ts';
import { gateway, requestToken, tenantWithToken } from './helpers.ts';

describe('GET /v1/usage', () => {
  it('counts calls per client and version', async () => {
    const { tenant, token, clientId } = await tenantWithToken(['customers:read', 'usage:read']);
    const partner = await createApiClient(tenant.id, ['customers:read']);
    const partnerToken = await requestToken(partner.clientId, partner.secret);

    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${partnerToken}`).expect(200);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${partnerToken}`).expect(200);
    await request(gateway()).get('/v1/customers/not-an-id').set('Authorization', `Bearer ${partnerToken}`).expect(404);
    await request(gateway()).get('/v2/customers').set('Authorization', `Bearer ${partnerToken}`).expect(200);
    await flushUsage();

    const response = await request(gateway()).get('/v1/usage').query({ version: 'v1' }).set('Authorization', `Bearer ${token}`).expect(200);
    const row = response.body.data.find((entry: { clientId: string }) => entry.clientId === partner.clientId);
    assert.ok(row, 'the partner is missing from the v1 usage');
    assert.equal(row.version, 'v1');
    assert.equal(row.calls, 3);
    assert.equal(row.errors, 1);
    assert.ok(Date.now() - Date.parse(row.lastSeenAt) < 60_000);
    assert.ok(!response.body.data.some((entry: { version: string }) => entry.version === 'v2'));
    assert.ok(!response.body.data.some((entry: { clientId: string }) => entry.clientId === clientId), 'the admin client had not called v1 before this request was counted');
  });

  it('shows only the tenant\'s own clients', async () => {
    const other = await tenantWithToken(['customers:read', 'usage:read']);
    await request(gateway()).get('/v1/customers').set('Authorization', `Bearer ${other.token}`).expect(200);
    await flushUsage();
    const mine = await tenantWithToken(['usage:read']);
    const response = await request(gateway()).get('/v1/usage').set('Authorization', `Bearer ${mine.token}`).expect(200);
    assert.ok(!response.body.data.some((entry: { clientId: string }) => entry.clientId === other.clientId));
  });
});
