import assert from 'node:assert/strict';
import request from 'supertest';
import { ErpNextClient } from '../../../services/connectors/erp/erpnext.ts';
import type { NewErpNextSalesOrder } from '../../../services/connectors/erp/erpnext-types.ts';
import { PermanentConnectorError, TransientConnectorError } from '../../../services/connectors/errors.ts';
import { startErpSimulator, type ErpSimulator, type FaultRule } from '../../../services/simulators/erp/server.ts';

describe('ERPNext client', () => {
  let erp: ErpSimulator;
  let client: ErpNextClient;

  before(async () => {
    erp = await startErpSimulator({ port: 0, apiKey: 'client-key', apiSecret: 'client-secret' });
    client = new ErpNextClient({ baseUrl: erp.url, apiKey: 'client-key', apiSecret: 'client-secret', timeoutMs: 2000 });
  });

  after(async () => {
    await erp.close();
  });

  beforeEach(async () => {
    await request(erp.url).post('/_sim/reset').expect(204);
  });

  async function addFaults(rules: FaultRule[]): Promise<void> {
    await request(erp.url).post('/_sim/faults').send({ rules }).expect(201);
  }

  async function seedCustomerAndProject(): Promise<void> {
    await client.createCustomer({ customer_name: 'Globex GmbH', customer_type: 'Company', tax_id: 'DE123' });
    await client.createProject({ project_name: 'Globex rollout', customer: 'Globex GmbH', company: 'TC GmbH', expected_start_date: '2026-03-01', throughline_contract_id: 'ctr-1' });
  }

  function order(): NewErpNextSalesOrder {
    return {
      customer: 'Globex GmbH',
      project: 'PROJ-0001',
      company: 'TC GmbH',
      currency: 'EUR',
      transaction_date: '2026-03-01',
      delivery_date: '2026-06-30',
      po_no: 'bs-42',
      items: [{ item_code: 'CONSULTING', description: 'Fixed fee', qty: '1', rate: '1000.10' }],
      taxes: [{ charge_type: 'On Net Total', account_head: 'VAT 19% - TC', description: 'VAT 19%', rate: '19' }],
      payment_schedule: [{ due_date: '2026-06-30', invoice_portion: '100', payment_amount: '1190.12' }],
    };
  }

  describe('customers', () => {
    it('finds nothing before creating', async () => {
      assert.equal(await client.findCustomer({ name: 'Globex GmbH', taxId: 'DE123' }), undefined);
    });

    it('finds a created customer by name and tax id', async () => {
      const created = await client.createCustomer({ customer_name: 'Globex GmbH', customer_type: 'Company', tax_id: 'DE123' });
      assert.equal(created.name, 'Globex GmbH');

      const found = await client.findCustomer({ name: 'Globex GmbH', taxId: 'DE123' });
      assert.equal(found?.name, 'Globex GmbH');
      assert.equal(found?.tax_id, 'DE123');
      assert.equal(await client.findCustomer({ name: 'Globex GmbH', taxId: 'DE999' }), undefined);
      assert.equal((await client.findCustomer({ name: 'Globex GmbH' }))?.name, 'Globex GmbH');
    });

    it('finds the oldest of two namesakes', async () => {
      await client.createCustomer({ customer_name: 'Globex GmbH', customer_type: 'Company' });
      await client.createCustomer({ customer_name: 'Globex GmbH', customer_type: 'Company' });
      assert.equal((await client.findCustomer({ name: 'Globex GmbH' }))?.name, 'Globex GmbH');
    });
  });

  describe('projects', () => {
    it('finds a project by contract id', async () => {
      await seedCustomerAndProject();
      const project = await client.findProjectByContract('ctr-1');
      assert.equal(project?.name, 'PROJ-0001');
      assert.equal(project?.status, 'Open');
      assert.equal(await client.findProjectByContract('ctr-2'), undefined);
    });

    it('cancels a project for compensation', async () => {
      await seedCustomerAndProject();
      const cancelled = await client.setProjectStatus('PROJ-0001', 'Cancelled');
      assert.equal(cancelled.status, 'Cancelled');
      const again = await client.setProjectStatus('PROJ-0001', 'Cancelled');
      assert.equal(again.status, 'Cancelled');
    });

    it('raises a permanent error with the ERP message', async () => {
      await assert.rejects(
        client.createProject({ project_name: 'Orphan', customer: 'Nobody', company: 'TC GmbH', expected_start_date: '2026-03-01', throughline_contract_id: 'ctr-9' }),
        (error: unknown) => {
          assert.ok(error instanceof PermanentConnectorError);
          assert.equal(error.status, 417);
          assert.equal(error.operation, 'createProject');
          assert.match(error.message, /LinkValidationError: Could not find Customer: Nobody/);
          return true;
        },
      );
    });
  });

  describe('sales orders', () => {
    it('creates and finds a sales order by po_no', async () => {
      await seedCustomerAndProject();
      const created = await client.createSalesOrder(order());
      assert.match(created.name, /^SAL-ORD-\d{4}-00001$/);
      assert.equal(created.grand_total, 1190.12);

      const found = await client.findSalesOrderByPoNo('bs-42');
      assert.equal(found?.name, created.name);
      assert.equal(found?.project, 'PROJ-0001');
      assert.equal(await client.findSalesOrderByPoNo('bs-43'), undefined);
    });
  });

  describe('faults', () => {
    it('raises transient errors for 503 three times, then succeeds', async () => {
      await addFaults([{ method: 'GET', doctype: 'Customer', status: 503, times: 3, retryAfterSeconds: 1 }]);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await assert.rejects(client.findCustomer({ name: 'Globex GmbH' }), (error: unknown) => {
          assert.ok(error instanceof TransientConnectorError, `attempt ${attempt} should be transient`);
          assert.equal(error.status, 503);
          assert.equal(error.retryAfterSeconds, 1);
          assert.doesNotMatch(error.message, /client-secret/);
          return true;
        });
      }
      assert.equal(await client.findCustomer({ name: 'Globex GmbH' }), undefined);

      const state = await request(erp.url).get('/_sim/state').expect(200);
      assert.equal(state.body.counts['GET Customer'], 4);
    });

    it('finds the record a timed-out create saved', async () => {
      await addFaults([{ method: 'POST', doctype: 'Customer', delayMs: 500, times: 1, afterCommit: true }]);
      const impatient = new ErpNextClient({ baseUrl: erp.url, apiKey: 'client-key', apiSecret: 'client-secret', timeoutMs: 100 });
      await assert.rejects(impatient.createCustomer({ customer_name: 'Globex GmbH', customer_type: 'Company', tax_id: 'DE123' }), TransientConnectorError);

      // A retried step looks the customer up first and so creates no second one.
      const found = await client.findCustomer({ name: 'Globex GmbH', taxId: 'DE123' });
      assert.equal(found?.name, 'Globex GmbH');
      const state = await request(erp.url).get('/_sim/state').expect(200);
      assert.equal(state.body.records.Customer.length, 1);
    });

    it('raises a permanent error for an injected 400', async () => {
      await seedCustomerAndProject();
      await addFaults([{ method: 'POST', doctype: 'Sales Order', status: 400, times: 1 }]);
      await assert.rejects(client.createSalesOrder(order()), PermanentConnectorError);
    });

    it('raises a permanent error for bad credentials', async () => {
      const stranger = new ErpNextClient({ baseUrl: erp.url, apiKey: 'client-key', apiSecret: 'guessed-secret' });
      await assert.rejects(stranger.findCustomer({ name: 'x' }), (error: unknown) => {
        assert.ok(error instanceof PermanentConnectorError);
        assert.equal(error.status, 401);
        assert.doesNotMatch(error.message, /guessed-secret/);
        return true;
      });
    });
  });
});
