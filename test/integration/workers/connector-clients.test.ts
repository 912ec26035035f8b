import assert from 'node:assert/strict';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { saveResidencyPolicy } from '../../../services/core/residency.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { erpClient } from '../../../services/workers/connector-clients.ts';
import type { DeliveryReads } from '../../../services/workers/flow.ts';
import { crmClient, psaClient } from '../../../services/workers/outside-clients.ts';
import { createTenant } from '../../support/factories.ts';

// A step's attempt is committed before its first call that may change an outside system, so the
// clients await the delivery's beforeOutsideCall before each such call, never for a read, and
// never merely for handing a client out. The connectors point at a closed port, so every call
// fails after the mark would have been made.
describe('connector clients and the attempt mark', () => {
  let scope: TenantScope;

  // Reads of one delivery that count how often a client asked for the attempt mark.
  const delivery = (): DeliveryReads & { marks: number } => {
    const reads = { scope, memo: new Map<string, Promise<unknown>>(), marks: 0, beforeOutsideCall: async () => { reads.marks += 1; } };
    return reads;
  };

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: tenant.region };
    await createConnector(scope, { slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' } });
    await createConnector(scope, { slug: 'crm', kind: 'crm', driver: 'hubspot', name: 'CRM', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { accessToken: 't' } });
  });

  it('marks before a change only', async () => {
    const reads = delivery();
    const first = await erpClient(reads);
    const second = await erpClient(reads);
    assert.equal(second, first, 'the delivery builds the ERP client once');
    assert.equal(reads.marks, 0);

    await assert.rejects(first.client.findCustomerByDocumentName('CUST-1'), /ECONNREFUSED|refused/i);
    assert.equal(reads.marks, 0, 'a read marks nothing');
    await assert.rejects(first.client.createCustomer({ customer_name: 'Acme', customer_type: 'Company', customer_group: 'Commercial', territory: 'DE' }), /ECONNREFUSED|refused/i);
    assert.equal(reads.marks, 1);
  });

  it('uses the running step mark', async () => {
    const reads = delivery();
    const { client } = await erpClient(reads);
    let laterStep = 0;
    reads.beforeOutsideCall = async () => { laterStep += 1; };

    await assert.rejects(client.createProject({ project_name: 'P', customer: 'C', company: 'Co', throughline_contract_id: 'c-1' } as never), /ECONNREFUSED|refused/i);
    assert.deepEqual({ first: reads.marks, later: laterStep }, { first: 0, later: 1 });
  });

  it('marks nothing for a CRM search', async () => {
    const reads = delivery();
    const crm = await crmClient(reads);

    await assert.rejects(crm!.client.searchCompanies('name', 'Acme'), /ECONNREFUSED|refused/i);
    assert.equal(reads.marks, 0);
  });

  it('marks nothing without a connector', async () => {
    const reads = delivery();

    assert.equal(await psaClient(reads), null);
    assert.equal(reads.marks, 0);
  });

  it('marks nothing when residency rejects', async () => {
    await saveResidencyPolicy(scope.tenantId, { connectorsInRegionOnly: true });
    const reads = delivery();

    await assert.rejects(crmClient(reads), /has no declared hosting region/);
    assert.equal(reads.marks, 0);
    await saveResidencyPolicy(scope.tenantId, { connectorsInRegionOnly: false });
  });
});
