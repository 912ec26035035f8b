import assert from 'node:assert/strict';
import request from 'supertest';
import { contractBody, gateway, tenantWithToken, toContractBodyV2 } from './helpers.ts';

type FieldError = { field: string; message: string };

function fieldsOf(response: request.Response): string[] {
  return (response.body.errors as FieldError[]).map((error) => error.field).sort();
}

describe('contract consistency at POST', () => {
  let token: string;
  let customerId: string;

  before(async () => {
    ({ token } = await tenantWithToken());
    const customer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Consistency KK', country: 'JP' }).expect(201);
    customerId = customer.body.id;
  });

  function inconsistent() {
    const body = contractBody(customerId, { status: 'executed' });
    body.totalValue = '130000.00';
    body.lines[0]!.amount = '25000.00';
    body.lines[1]!.role = 'architect';
    body.milestones = [{ name: 'Go-live', dueDate: '2027-06-30', amount: '200000.00' }];
    return body;
  }

  it('lists each v1 problem by field', async () => {
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(inconsistent());
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 'validation-failed');
    assert.deepEqual(fieldsOf(response), ['lines[0].amount', 'lines[1].role', 'milestones', 'totalValue']);
    const byField = new Map((response.body.errors as FieldError[]).map((error) => [error.field, error.message]));
    assert.match(byField.get('lines[0].amount')!, /1 × 24000.00 = 24000.00/);
    assert.match(byField.get('lines[1].role')!, /consultant, partner/);
    assert.match(byField.get('totalValue')!, /121000.00/);
    assert.match(byField.get('milestones')!, /200000.00/);
  });

  it('lists each v2 problem by field', async () => {
    const response = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(toContractBodyV2(inconsistent()));
    assert.equal(response.status, 400);
    assert.deepEqual(fieldsOf(response), ['lines[0].amount.amount', 'lines[1].rateCardRole', 'milestones', 'total.amount']);
  });

  it('rejects decimals in yen', async () => {
    const body = contractBody(customerId, {
      currency: 'JPY',
      totalValue: '1000.50',
      rateCard: [{ role: 'consultant', unit: 'day', rate: '80000' }],
      lines: [{ description: 'Workshop', billingType: 'fixed-fee', quantity: '1', unitPrice: '1000.50', amount: '1000.50' }],
      milestones: [],
    });
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(body);
    assert.equal(response.status, 400);
    const fields = fieldsOf(response);
    assert.ok(fields.includes('totalValue'), fields.join());
    assert.ok(fields.includes('lines[0].unitPrice'), fields.join());
    assert.ok(fields.includes('lines[0].amount'), fields.join());
    assert.match((response.body.errors as FieldError[]).find((error) => error.field === 'totalValue')!.message, /at most 0 decimal places, the minor unit of JPY/);
  });

  it('accepts whole yen', async () => {
    const body = contractBody(customerId, {
      currency: 'JPY',
      totalValue: '1500000',
      rateCard: [{ role: 'consultant', unit: 'day', rate: '150000' }],
      lines: [{ description: 'Implementation', billingType: 'time-and-materials', role: 'consultant', quantity: '10', unitPrice: '150000', amount: '1500000' }],
      milestones: [{ name: 'Go-live', dueDate: '2027-06-30', amount: '500000' }],
    });
    await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`).send(body).expect(201);
  });

  it('rejects a contract without lines', async () => {
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`)
      .send(contractBody(customerId, { lines: [], milestones: [] }));
    assert.equal(response.status, 400);
    assert.deepEqual(fieldsOf(response), ['lines']);
  });
});
