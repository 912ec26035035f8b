import assert from 'node:assert/strict';
import request from 'supertest';
import { contractBody, gateway, tenantWithToken } from '../integration/gateway/helpers.ts';

describe('gateway tenant isolation', () => {
  let tokenA: string;
  let tokenB: string;
  let customerB: string;
  let contractB: string;

  before(async () => {
    ({ token: tokenA } = await tenantWithToken());
    ({ token: tokenB } = await tenantWithToken());
    const customer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${tokenB}`).send({ name: 'Tenant B customer', country: 'US', subdivision: 'NY' }).expect(201);
    customerB = customer.body.id;
    const contract = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${tokenB}`).send(contractBody(customerB)).expect(201);
    contractB = contract.body.id;
  });

  it('returns 404 for another tenant\'s contract', async () => {
    const response = await request(gateway()).get(`/v1/contracts/${contractB}`).set('Authorization', `Bearer ${tokenA}`).expect(404);
    assert.equal(response.body.code, 'not-found');
    assert.ok(!response.text.includes('Finance systems implementation'));
  });

  it('returns 404 for another tenant\'s customer', async () => {
    await request(gateway()).get(`/v1/customers/${customerB}`).set('Authorization', `Bearer ${tokenA}`).expect(404);
  });

  it('leaves other tenants out of lists', async () => {
    const contracts = await request(gateway()).get('/v1/contracts').query({ limit: '100' }).set('Authorization', `Bearer ${tokenA}`).expect(200);
    assert.ok(!(contracts.body.data as { id: string }[]).some((contract) => contract.id === contractB));
    const customers = await request(gateway()).get('/v1/customers').query({ limit: '100' }).set('Authorization', `Bearer ${tokenA}`).expect(200);
    assert.ok(!(customers.body.data as { id: string }[]).some((customer) => customer.id === customerB));
  });

  it('rejects a tenant field in the body', async () => {
    const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${tokenA}`).send({ name: 'Sneaky', country: 'DE', tenantId: 'x' }).expect(400);
    assert.equal(response.body.errors[0].field, 'tenantId');
  });

  it('still serves the owner', async () => {
    const response = await request(gateway()).get(`/v1/contracts/${contractB}`).set('Authorization', `Bearer ${tokenB}`).expect(200);
    assert.equal(response.body.id, contractB);
  });
});
