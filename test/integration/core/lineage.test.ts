import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { readContractLineage } from '../../../services/core/lineage.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';

describe('contract lineage read', () => {
  let scope: TenantScope;
  let connectorId: string;
  const customerId = randomUUID();
  const firstContract = randomUUID();
  const secondContract = randomUUID();
  const runId = randomUUID();

  before(async () => {
    const tenant = await createTenant();
    scope = { tenantId: tenant.id, region: tenant.region };
    connectorId = (await createConnector(scope, { slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' } })).id;
    await withTenant(scope, async (transaction) => {
      const models = regionModels(scope.region);
      await models.Customer.create({ id: customerId, tenantId: scope.tenantId, name: 'Contoso', country: 'DE' }, { transaction });
      for (const id of [firstContract, secondContract]) {
        await models.Contract.create({ id, tenantId: scope.tenantId, customerId, title: `SOW ${id.slice(0, 4)}`, currency: 'EUR', totalValue: '500.00', startDate: '2027-01-01', endDate: null, executedAt: null, sourceRef: null }, { transaction });
      }
      await models.WorkflowRun.create({
        id: runId, tenantId: scope.tenantId, flow: 'contract-activation', flowVersion: 3, triggerKey: `test:${runId}`, triggerEventId: randomUUID(), contractId: secondContract,
        status: 'completed', input: {}, error: null, leaseOwner: null, leaseUntil: null, startedAt: new Date(), finishedAt: new Date(),
      }, { transaction });
      // The first contract linked the customer, so the second contract's lineage finds that link by object id.
      const ref = (contractId: string, objectType: string, objectId: string, externalId: string, run: string | null) => models.ExternalRef.create({
        id: randomUUID(), tenantId: scope.tenantId, contractId, objectType, objectId, system: 'erp', connectorId, externalId, externalUrl: null, runId: run, stepName: run ? 'upsert-erp-customer' : null,
      }, { transaction });
      await ref(firstContract, 'customer', customerId, 'CUST-1', null);
      await ref(secondContract, 'contract', secondContract, 'SO-2', runId);
    });
  });

  const read = (contractId: string) => withTenant(scope, (transaction) => readContractLineage(scope.region, scope.tenantId, contractId, transaction));

  it('returns null for an unknown contract', async () => {
    assert.equal(await read(randomUUID()), null);
  });

  it('includes the customer link of another contract', async () => {
    const records = await read(secondContract);
    assert.ok(records);
    // The read orders links by creation time, and both links may carry the same one, so the
    // comparison ignores their order.
    const links = records.refs.map((ref) => [ref.externalId, ref.contractId]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    assert.deepEqual(links, [['CUST-1', firstContract], ['SO-2', secondContract]]);
    assert.equal(records.contract.customerName, 'Contoso');
  });

  it('names the connector and run of each link', async () => {
    const records = await read(secondContract);
    const link = records?.refs.find((ref) => ref.externalId === 'SO-2');
    assert.equal(link?.connector, 'erp');
    assert.equal(link?.driver, 'erpnext');
    assert.equal(link?.flow, 'contract-activation');
    assert.equal(link?.flowVersion, 3);
    assert.deepEqual(records?.runs.map((run) => run.id), [runId]);
  });
});
