import assert from 'node:assert/strict';
import { startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, tenantRows } from './flow-helpers.ts';

// The CRM responds 503 to the first two searches, so the activation retries the enrichment step
// with backoff, then fills in the VAT number the contract left out.
describe('activation while the CRM is down', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;

  before(async () => {
    platform = await startPlatform();
    platform.crm.state.create({ name: 'Northwind Logistics SARL', domain: 'northwind.example', country: 'France', vat_number: 'FR32123456789' });
    platform.crm.faults.add([{ method: 'POST', resource: 'companies', status: 503, retryAfterSeconds: 1, times: 2 }]);
  });

  after(async () => {
    await platform?.close();
  });

  it('retries the CRM, then enriches the customer', async () => {
    const workflow = exampleWorkflow();
    delete workflow.attributes.counterpartyTaxId;
    workflow.attributes.counterpartyTaxIdValidated = false;
    await executeWorkflow(platform, workflow);

    const [run] = await finishedRuns(platform, 'contract-activation', 1, 45_000);
    assert.equal(run!.status, 'completed', run!.error ?? '');
    const [step] = await tenantRows<{ attempts: number; status: string }>(platform,
      `SELECT attempts, status FROM workflow_steps WHERE run_id = :id AND name = 'enrich-from-crm'`, { id: run!.id });
    assert.equal(step!.status, 'done');
    assert.equal(step!.attempts, 3);
    assert.deepEqual(platform.crm.faults.list(), []);

    const [customer] = await tenantRows<{ taxId: string }>(platform, `SELECT tax_id AS "taxId" FROM customers WHERE name = 'Northwind Logistics SARL'`);
    assert.equal(customer!.taxId, 'FR32123456789');
    const [erpCustomer] = platform.erp.store.list('Customer');
    assert.equal(erpCustomer!.tax_id, 'FR32123456789');
  });
});
