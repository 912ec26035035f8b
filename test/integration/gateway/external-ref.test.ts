import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { contractBody, countRows, gateway, tenantWithToken, toContractBodyV2 } from './helpers.ts';

describe('contract externalRef', () => {
  let tenant: { id: string; region: string };
  let token: string;
  let customerId: string;

  before(async () => {
    ({ tenant, token } = await tenantWithToken());
    const customer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Reference GmbH', country: 'DE' }).expect(201);
    customerId = customer.body.id;
  });

  function post(version: string, body: object) {
    return request(gateway()).post(`/${version}/contracts`).set('Authorization', `Bearer ${token}`).send(body);
  }

  it('stores and returns the externalRef', async () => {
    const externalRef = `PO-${randomUUID()}`;
    const created = await post('v1', contractBody(customerId, { externalRef }));
    assert.equal(created.status, 201);
    assert.equal(created.body.externalRef, externalRef);

    const read = await request(gateway()).get(`/v2/contracts/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(read.body.externalRef, externalRef);
  });

  it('rejects a repeated externalRef with 409', async () => {
    const externalRef = `PO-${randomUUID()}`;
    const first = await post('v1', contractBody(customerId, { status: 'executed', externalRef }));
    assert.equal(first.status, 201);
    const outboxBefore = await countRows(tenant, 'outbox');

    const retried = await post('v1', contractBody(customerId, { status: 'executed', externalRef }));
    assert.equal(retried.status, 409);
    assert.match(retried.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(retried.body.code, 'duplicate-external-ref');
    assert.equal(retried.body.contractId, first.body.id);
    assert.match(retried.body.detail, new RegExp(`/v1/contracts/${first.body.id}`));
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore, 'the retry writes no second contract.executed event');
  });

  it('shares externalRefs across versions', async () => {
    const externalRef = `PO-${randomUUID()}`;
    const first = await post('v1', contractBody(customerId, { externalRef }));
    const response = await post('v2', toContractBodyV2(contractBody(customerId, { externalRef })));
    assert.equal(response.status, 409);
    assert.equal(response.body.contractId, first.body.id);
  });

  it('lets two tenants use one externalRef', async () => {
    const externalRef = `PO-${randomUUID()}`;
    await post('v1', contractBody(customerId, { externalRef })).expect(201);
    const other = await tenantWithToken();
    const otherCustomer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${other.token}`).send({ name: 'Other AG', country: 'DE' }).expect(201);
    await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${other.token}`).send(contractBody(otherCustomer.body.id, { externalRef })).expect(201);
  });

  it('creates one contract from concurrent posts', async () => {
    const externalRef = `PO-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => post('v1', contractBody(customerId, { externalRef }))));
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
    const created = responses.find((response) => response.status === 201)!;
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      assert.equal(response.body.contractId, created.body.id);
    }
  });

  it('rejects an externalRef over 200 characters', async () => {
    const response = await post('v1', contractBody(customerId, { externalRef: 'x'.repeat(201) }));
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, 'externalRef');
  });

  it('documents both ways to retry safely', async () => {
    for (const version of ['v1', 'v2']) {
      const document = await request(gateway()).get(`/${version}/openapi.json`).expect(200);
      assert.match(document.body.info.description, /Idempotency-Key header, an externalRef in the body/, version);
    }
  });
});
