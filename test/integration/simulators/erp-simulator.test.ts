import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startErpSimulator, type ErpSimulator } from '../../../services/simulators/erp/server.ts';

const auth = { authorization: 'token erp-test-key:erp-test-secret' };
const year = new Date().getUTCFullYear();

describe('ERP simulator', () => {
  let erp: ErpSimulator;

  before(async () => {
    erp = await startErpSimulator({ port: 0, apiKey: 'erp-test-key', apiSecret: 'erp-test-secret' });
  });

  after(async () => {
    await erp.close();
  });

  beforeEach(async () => {
    await request(erp.url).post('/_sim/reset').expect(204);
  });

  function insert(doctype: string, doc: Record<string, unknown>) {
    return request(erp.url).post(`/api/resource/${encodeURIComponent(doctype)}`).set(auth).send(doc);
  }

  function list(doctype: string, query: Record<string, string>) {
    return request(erp.url).get(`/api/resource/${encodeURIComponent(doctype)}`).set(auth).query(query);
  }

  function salesOrder(overrides: Record<string, unknown> = {}) {
    return {
      customer: 'Globex GmbH',
      company: 'Throughline Consulting GmbH',
      currency: 'EUR',
      transaction_date: '2026-03-01',
      delivery_date: '2026-06-30',
      po_no: 'bs-1',
      items: [
        { item_code: 'CONSULTING', description: 'Discovery workshop', qty: '1', rate: '5000.00' },
        { item_code: 'CONSULTING-HOUR', description: 'Senior consultant', qty: '10', rate: '150.00' },
      ],
      taxes: [{ charge_type: 'On Net Total', account_head: 'VAT 19% - TC', description: 'VAT 19%', rate: '19' }],
      payment_schedule: [
        { due_date: '2026-03-31', invoice_portion: '50', payment_amount: '3867.50' },
        { due_date: '2026-06-30', invoice_portion: '50', payment_amount: '3867.50' },
      ],
      ...overrides,
    };
  }

  describe('authentication', () => {
    it('rejects a missing token', async () => {
      const response = await list('Customer', {}).unset('authorization').expect(401);
      assert.equal(response.body.exc_type, 'AuthenticationError');
    });

    it('rejects a wrong secret', async () => {
      await request(erp.url).get('/api/resource/Customer').set('authorization', 'token erp-test-key:wrong').expect(401);
    });
  });

  describe('customers', () => {
    it('names a customer after customer_name', async () => {
      const response = await insert('Customer', { customer_name: 'Globex GmbH', customer_type: 'Company', tax_id: 'DE123456789' }).expect(200);
      assert.equal(response.body.data.name, 'Globex GmbH');
      assert.equal(response.body.data.customer_group, 'All Customer Groups');
      assert.equal(response.body.data.territory, 'All Territories');
      assert.equal(response.body.data.docstatus, 0);
      assert.equal(response.body.data.doctype, 'Customer');
    });

    it('suffixes a second customer with the same name', async () => {
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
      const second = await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
      assert.equal(second.body.data.name, 'Globex GmbH - 1');
    });

    it('rejects a missing customer_name', async () => {
      const response = await insert('Customer', { customer_type: 'Company' }).expect(417);
      assert.equal(response.body.exc_type, 'MandatoryError');
      assert.match(JSON.parse(JSON.parse(response.body._server_messages)[0]).message, /customer_name is required/);
    });

    it('rejects an unknown customer_type', async () => {
      const response = await insert('Customer', { customer_name: 'A', customer_type: 'Partnership' }).expect(417);
      assert.equal(response.body.exc_type, 'ValidationError');
    });

    it('rejects an explicit duplicate name', async () => {
      await insert('Customer', { name: 'CUST-00001', customer_name: 'Initech' }).expect(200);
      const response = await insert('Customer', { name: 'CUST-00001', customer_name: 'Initrode' }).expect(409);
      assert.equal(response.body.exc_type, 'DuplicateEntryError');
    });

    it('reads one customer and 404s on unknown names', async () => {
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
      const found = await request(erp.url).get('/api/resource/Customer/Globex%20GmbH').set(auth).expect(200);
      assert.equal(found.body.data.customer_name, 'Globex GmbH');
      const missing = await request(erp.url).get('/api/resource/Customer/Nobody').set(auth).expect(404);
      assert.equal(missing.body.exc_type, 'DoesNotExistError');
    });
  });

  describe('list filters', () => {
    beforeEach(async () => {
      await insert('Customer', { customer_name: 'Globex GmbH', tax_id: 'DE1' }).expect(200);
      await insert('Customer', { customer_name: 'Initech Inc', tax_id: 'US2', customer_type: 'Company' }).expect(200);
      await insert('Customer', { customer_name: 'Jane Doe', customer_type: 'Individual' }).expect(200);
    });

    it('returns names only by default', async () => {
      const response = await list('Customer', {}).expect(200);
      assert.equal(response.body.data.length, 3);
      assert.deepEqual(Object.keys(response.body.data[0]), ['name']);
    });

    it('filters with a list of conditions', async () => {
      const response = await list('Customer', {
        filters: JSON.stringify([['customer_name', '=', 'Globex GmbH'], ['tax_id', '=', 'DE1']]),
        fields: JSON.stringify(['name', 'tax_id']),
      }).expect(200);
      assert.deepEqual(response.body.data, [{ name: 'Globex GmbH', tax_id: 'DE1' }]);
    });

    it('filters with an object', async () => {
      const response = await list('Customer', { filters: JSON.stringify({ customer_type: 'Individual' }) }).expect(200);
      assert.deepEqual(response.body.data, [{ name: 'Jane Doe' }]);
    });

    it('supports like, in and doctype-qualified filters', async () => {
      const like = await list('Customer', { filters: JSON.stringify([['customer_name', 'like', '%tech%']]) }).expect(200);
      assert.deepEqual(like.body.data, [{ name: 'Initech Inc' }]);
      const within = await list('Customer', { filters: JSON.stringify([['Customer', 'tax_id', 'in', ['DE1', 'US2']]]), order_by: 'creation asc' }).expect(200);
      assert.deepEqual(within.body.data, [{ name: 'Globex GmbH' }, { name: 'Initech Inc' }]);
    });

    it('compares text without regard to case', async () => {
      const response = await list('Customer', { filters: JSON.stringify([['customer_name', '=', 'GLOBEX GMBH']]) }).expect(200);
      assert.equal(response.body.data.length, 1);
    });

    it('pages with limit_start and limit_page_length', async () => {
      const response = await list('Customer', { order_by: 'creation asc', limit_start: '1', limit_page_length: '1' }).expect(200);
      assert.deepEqual(response.body.data, [{ name: 'Initech Inc' }]);
    });

    it('rejects unknown fields and bad JSON', async () => {
      const unknownField = await list('Customer', { filters: JSON.stringify([['custmer_name', '=', 'x']]) }).expect(417);
      assert.equal(unknownField.body.exc_type, 'ValidationError');
      await list('Customer', { fields: JSON.stringify(['nope']) }).expect(417);
      await list('Customer', { filters: '[[' }).expect(417);
      await list('Customer', { filters: JSON.stringify([['customer_name', '~', 'x']]) }).expect(417);
    });

    it('returns 404 for an unknown doctype', async () => {
      const response = await list('Supplier', {}).expect(404);
      assert.equal(response.body.exc_type, 'DoesNotExistError');
    });
  });

  describe('projects', () => {
    beforeEach(async () => {
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
    });

    it('numbers projects from a series', async () => {
      const first = await insert('Project', { project_name: 'Globex rollout', customer: 'Globex GmbH', throughline_contract_id: 'ctr-1' }).expect(200);
      const second = await insert('Project', { project_name: 'Globex phase 2', customer: 'Globex GmbH' }).expect(200);
      assert.equal(first.body.data.name, 'PROJ-0001');
      assert.equal(second.body.data.name, 'PROJ-0002');
      assert.equal(first.body.data.status, 'Open');
      assert.equal(first.body.data.throughline_contract_id, 'ctr-1');
    });

    it('rejects a link to an unknown customer', async () => {
      const response = await insert('Project', { project_name: 'X', customer: 'Nobody' }).expect(417);
      assert.equal(response.body.exc_type, 'LinkValidationError');
    });

    it('rejects an end date before the start', async () => {
      await insert('Project', { project_name: 'X', expected_start_date: '2026-05-01', expected_end_date: '2026-04-01' }).expect(417);
    });

    it('updates a status with PUT', async () => {
      await insert('Project', { project_name: 'X', customer: 'Globex GmbH' }).expect(200);
      const response = await request(erp.url).put('/api/resource/Project/PROJ-0001').set(auth).send({ status: 'Cancelled' }).expect(200);
      assert.equal(response.body.data.status, 'Cancelled');
      assert.equal(response.body.data.project_name, 'X');
      await request(erp.url).put('/api/resource/Project/PROJ-0001').set(auth).send({ status: 'Paused' }).expect(417);
      await request(erp.url).put('/api/resource/Project/PROJ-0099').set(auth).send({ status: 'Cancelled' }).expect(404);
    });
  });

  describe('sales orders', () => {
    beforeEach(async () => {
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
    });

    it('computes totals, taxes and child rows', async () => {
      const response = await insert('Sales Order', salesOrder()).expect(200);
      const order = response.body.data;
      assert.equal(order.name, `SAL-ORD-${year}-00001`);
      assert.equal(order.net_total, 6500);
      assert.equal(order.total_taxes_and_charges, 1235);
      assert.equal(order.grand_total, 7735);
      assert.equal(order.items[1].amount, 1500);
      assert.equal(order.items[1].idx, 2);
      assert.equal(order.items[1].parent, order.name);
      assert.equal(order.items[1].doctype, 'Sales Order Item');
      assert.equal(order.taxes[0].tax_amount, 1235);
      assert.equal(order.payment_schedule.length, 2);
      assert.equal(order.status, 'Draft');
    });

    it('leaves child tables out of lists', async () => {
      await insert('Sales Order', salesOrder()).expect(200);
      const response = await list('Sales Order', { filters: JSON.stringify([['po_no', '=', 'bs-1']]), fields: JSON.stringify(['*']) }).expect(200);
      assert.equal(response.body.data.length, 1);
      assert.equal(response.body.data[0].po_no, 'bs-1');
      assert.equal('items' in response.body.data[0], false);
    });

    it('rejects a schedule that misses the grand total', async () => {
      const response = await insert('Sales Order', salesOrder({ payment_schedule: [{ due_date: '2026-03-31', invoice_portion: '100', payment_amount: '6500' }] })).expect(417);
      assert.match(response.body.exception, /must be equal to Grand Total/);
    });

    it('rejects portions that do not add up to 100', async () => {
      const response = await insert('Sales Order', salesOrder({ payment_schedule: [{ due_date: '2026-03-31', invoice_portion: '60' }] })).expect(417);
      assert.match(response.body.exception, /Invoice Portion/);
    });

    it('rejects orders without items or customer', async () => {
      await insert('Sales Order', salesOrder({ items: [] })).expect(417);
      const unknown = await insert('Sales Order', salesOrder({ customer: 'Nobody' })).expect(417);
      assert.equal(unknown.body.exc_type, 'LinkValidationError');
      await insert('Sales Order', salesOrder({ items: [{ item_code: 'X', qty: 0, rate: 10 }] })).expect(417);
    });
  });

  describe('fault injection', () => {
    it('returns 503 three times, then succeeds', async () => {
      await request(erp.url).post('/_sim/faults').send({ rules: [{ method: 'GET', doctype: 'Customer', status: 503, times: 3, retryAfterSeconds: 2 }] }).expect(201);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await list('Customer', {}).expect(503);
        assert.equal(response.headers['retry-after'], '2');
      }
      await list('Customer', {}).expect(200);

      const state = await request(erp.url).get('/_sim/state').expect(200);
      assert.equal(state.body.counts['GET Customer'], 4);
      assert.equal(state.body.requests.filter((entry: { faultId?: number }) => entry.faultId !== undefined).length, 3);
      assert.deepEqual(state.body.faults, []);
    });

    it('fails a request without saving it', async () => {
      await request(erp.url).post('/_sim/faults').send([{ method: 'POST', doctype: 'Customer', status: 400, times: 1 }]).expect(201);
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(400);
      const state = await request(erp.url).get('/_sim/state').expect(200);
      assert.equal(state.body.records.Customer, undefined);
    });

    it('saves the record before a late failure', async () => {
      await request(erp.url).post('/_sim/faults').send({ rules: [{ method: 'POST', doctype: 'Customer', status: 504, delayMs: 50, times: 1, afterCommit: true }] }).expect(201);
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(504);
      const state = await request(erp.url).get('/_sim/state').expect(200);
      assert.equal(state.body.records.Customer.length, 1);
    });

    it('matches only the given doctype and method', async () => {
      await request(erp.url).post('/_sim/faults').send({ rules: [{ method: 'POST', doctype: 'Sales Order', status: 400, times: 1 }] }).expect(201);
      await insert('Customer', { customer_name: 'Globex GmbH' }).expect(200);
      await list('Sales Order', {}).expect(200);
      const faults = await request(erp.url).get('/_sim/faults').expect(200);
      assert.equal(faults.body.faults[0].remaining, 1);
    });

    it('delays a response', async () => {
      await request(erp.url).post('/_sim/faults').send({ rules: [{ method: '*', doctype: '*', delayMs: 150, times: 1 }] }).expect(201);
      const started = Date.now();
      await list('Customer', {}).expect(200);
      assert.ok(Date.now() - started >= 140);
    });

    it('clears rules on DELETE', async () => {
      await request(erp.url).post('/_sim/faults').send({ rules: [{ doctype: '*', status: 500, times: 5 }] }).expect(201);
      await request(erp.url).delete('/_sim/faults').expect(204);
      await list('Customer', {}).expect(200);
    });

    it('rejects invalid rules', async () => {
      const cases: unknown[] = [[], [{ doctype: 'Customer', status: 503 }], [{ doctype: 'Customer', times: 1 }], [{ doctype: 'Customer', times: 1, status: 200 }], [{ method: 'PATCH', doctype: 'Customer', times: 1, status: 500 }]];
      for (const body of cases) {
        const response = await request(erp.url).post('/_sim/faults').send(body as object);
        assert.equal(response.status, 400, `expected 400 for ${JSON.stringify(body)}`);
      }
    });
  });

  describe('persistence', () => {
    it('keeps records across a restart', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'erp-sim-'));
      const stateFile = join(directory, 'erp.json');
      try {
        const first = await startErpSimulator({ port: 0, apiKey: 'k', apiSecret: 's', stateFile });
        await request(first.url).post('/api/resource/Project').set('authorization', 'token k:s').send({ project_name: 'Kept' }).expect(200);
        await first.close();

        const second = await startErpSimulator({ port: 0, apiKey: 'k', apiSecret: 's', stateFile });
        try {
          await request(second.url).get('/api/resource/Project/PROJ-0001').set('authorization', 'token k:s').expect(200);
          const next = await request(second.url).post('/api/resource/Project').set('authorization', 'token k:s').send({ project_name: 'Next' }).expect(200);
          assert.equal(next.body.data.name, 'PROJ-0002');
        } finally {
          await second.close();
        }
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });
});
