import assert from 'node:assert/strict';
import request from 'supertest';
import { auditRecords, contractBody, countRows, gateway, outboxEnvelopes, tenantWithToken } from './helpers.ts';

async function createCustomer(token: string): Promise<string> {
  const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Contoso AG', country: 'CH' }).expect(201);
  return response.body.id as string;
}

describe('/v1/contracts', () => {
  let tenant: { id: string; region: string };
  let token: string;
  let customerId: string;

  before(async () => {
    ({ tenant, token } = await tenantWithToken());
    customerId = await createCustomer(token);
  });

  it('creates a draft contract and reads it with its parts', async () => {
    const outboxBefore = await countRows(tenant, 'outbox');
    const created = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(contractBody(customerId)).expect(201);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.executedAt, null);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore, 'a draft contract writes no event');

    const read = await request(gateway()).get(`/v1/contracts/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(read.body.totalValue, '120000.00');
    assert.equal(read.body.currency, 'EUR');
    assert.deepEqual(read.body.rateCard, [{ role: 'consultant', unit: 'day', rate: '1200.00' }, { role: 'partner', unit: 'hour', rate: '350.00' }]);
    assert.deepEqual(read.body.lines.map((line: { lineNo: number; amount: string }) => [line.lineNo, line.amount]), [[1, '24000.00'], [2, '96000.00']]);
    assert.equal(read.body.lines[1].role, 'consultant');
    assert.deepEqual(read.body.milestones, [{ name: 'Go-live', dueDate: '2027-06-30', amount: '20000.00', status: 'planned' }]);
  });

  it('answers a create as a later read does', async () => {
    const body = contractBody(customerId, {
      rateCard: [{ role: 'partner', unit: 'hour', rate: '350' }, { role: 'consultant', unit: 'day', rate: '1200.5' }],
      milestones: [{ name: 'Sign-off', dueDate: '2027-09-30', amount: '10000' }, { name: 'Go-live', dueDate: '2027-06-30', amount: '10000.00' }],
    });
    const created = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(201);
    const read = await request(gateway()).get(`/v1/contracts/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);

    assert.deepEqual(created.body, read.body);
    assert.deepEqual(created.body.rateCard.map((entry: { rate: string }) => entry.rate), ['1200.50', '350.00']);
  });

  it('writes one outbox event for an executed contract', async () => {
    const outboxBefore = await countRows(tenant, 'outbox');
    const created = await request(gateway()).post('/v1/contracts')
      .set('Authorization', `Bearer ${token}`)
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .send(contractBody(customerId, { status: 'executed' }))
      .expect(201);
    assert.equal(created.body.status, 'executed');
    assert.ok(created.body.executedAt);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore + 1);

    const event = (await outboxEnvelopes(tenant)).at(-1)!;
    assert.equal(event.type, 'contract.executed');
    assert.equal(event.source, 'urn:throughline:gateway');
    assert.equal(event.subject, created.body.id);
    assert.equal(event.tenant, tenant.id);
    assert.equal(event.region, tenant.region);
    assert.equal(event.traceparent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    assert.deepEqual(event.data, { origin: 'api', contractId: created.body.id });
  });

  it('audits a contract write', async () => {
    const created = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'audit-contract-1')
      .send(contractBody(customerId)).expect(201);
    const records = (await auditRecords(tenant)).filter((record) => record.objectId === created.body.id);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.objectType, 'contract');
    assert.equal(records[0]?.requestId, 'audit-contract-1');
  });

  it('rejects invalid amounts, currency and dates', async () => {
    const body = contractBody(customerId, {
      currency: 'EURO',
      totalValue: '12.345',
      endDate: '2026-01-01',
      lines: [{ description: 'x', billingType: 'fixed-fee', quantity: '0', unitPrice: '-1.00', amount: '1e3' }],
      milestones: [{ name: 'M', dueDate: '2027-02-30', amount: '10.00' }],
    });
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(400);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    assert.deepEqual(fields, ['currency', 'lines[0].amount', 'lines[0].quantity', 'lines[0].unitPrice', 'milestones[0].dueDate', 'totalValue']);
  });

  it('rejects an end date before the start', async () => {
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`)
      .send(contractBody(customerId, { endDate: '2026-12-31' })).expect(400);
    assert.equal(response.body.errors[0].field, 'endDate');
  });

  it('rejects a customer of another tenant', async () => {
    const other = await tenantWithToken();
    const foreignCustomer = await createCustomer(other.token);
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(contractBody(foreignCustomer)).expect(400);
    assert.equal(response.body.errors[0].field, 'customerId');
  });

  it('lists contracts filtered by status', async () => {
    const response = await request(gateway()).get('/v1/contracts').query({ status: 'executed', limit: '100' }).set('Authorization', `Bearer ${token}`).expect(200);
    assert.ok(response.body.data.length >= 1);
    for (const contract of response.body.data as { status: string; lines?: unknown }[]) {
      assert.equal(contract.status, 'executed');
      assert.equal(contract.lines, undefined, 'list entries are summaries');
    }
  });
});
