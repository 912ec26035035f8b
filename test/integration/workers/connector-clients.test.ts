import assert from 'node:assert/strict';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { saveResidencyPolicy } from '../../../services/core/residency.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { erpClient } from '../../../services/workers/connector-clients.ts';
import type { DeliveryReads } from '../../../services/workers/flow.ts';
import { crmClient, psaClient } from '../../../services/workers/outside-clients.ts';
import { createTenant } from '../../support/factories.ts';

// A step's attempt is committed when it takes a connector client, so the clients call the
// delivery's beforeOutsideCall each time they hand one out, and never when they hand out none.
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

  it('marks the attempt for each client taken', async () => {
    const reads = delivery();
    const first = await erpClient(reads);
    const second = await erpClient(reads);

    assert.equal(reads.marks, 2);
    assert.equal(second, first, 'the delivery builds the ERP client once');
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
