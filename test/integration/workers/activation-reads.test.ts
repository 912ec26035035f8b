import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { prefetchTenantSetup } from '../../../services/workers/activation-reads.ts';
import { activeConnectors } from '../../../services/workers/connector-clients.ts';
import { termsFor, termsKey } from '../../../services/workers/contract-terms.ts';
import type { DeliveryReads } from '../../../services/workers/flow.ts';
import { externalRefFor } from '../../../services/workers/lineage.ts';
import { activeOverrideFor, legalEntitiesFor } from '../../../services/workers/rule-inputs.ts';
import { createTenant } from '../../support/factories.ts';

// The one-statement set-up read must leave in the memo exactly what each reader would have read.
describe('activation set-up read', () => {
  let scope: TenantScope;
  let contractId: string;
  let customerId: string;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
    const erp = await createConnector(scope, { slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' } });
    await createConnector(scope, { slug: 'crm', kind: 'crm', driver: 'hubspot', name: 'CRM', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { accessToken: 't' } });
    customerId = randomUUID();
    contractId = randomUUID();
    await withTenant(scope, async (transaction) => {
      const models = regionModels(scope.region);
      await models.LegalEntity.bulkCreate([
        { id: randomUUID(), tenantId: scope.tenantId, code: 'IE01', name: 'Acme Ireland Ltd', country: 'IE', currency: 'EUR', regionalHub: true, invoiceSeries: 'IE-' },
        { id: randomUUID(), tenantId: scope.tenantId, code: 'GB01', name: 'Acme UK Ltd', country: 'GB', currency: 'GBP', regionalHub: false, invoiceSeries: 'GB-' },
      ], { transaction });
      await models.TenantRuleOverride.create({ id: randomUUID(), tenantId: scope.tenantId, name: 'acme', version: '1.0.0', status: 'active', pack: { name: 'acme' }, goldenCases: [] }, { transaction });
      await models.Customer.create({ id: customerId, tenantId: scope.tenantId, name: 'Contoso', country: 'DE' }, { transaction });
      await models.Contract.create({ id: contractId, tenantId: scope.tenantId, customerId, title: 'SOW', currency: 'EUR', totalValue: '500.00', startDate: '2027-01-01', endDate: null, executedAt: null, sourceRef: null }, { transaction });
      await models.ExternalRef.create({ id: randomUUID(), tenantId: scope.tenantId, contractId, objectType: 'customer', objectId: customerId, system: 'erp', connectorId: erp.id, externalId: 'CUST-1', externalUrl: null, runId: null, stepName: null }, { transaction });
    });
  });

  const delivery = (): DeliveryReads & { memo: Map<string, Promise<unknown>> } => ({ scope, memo: new Map() });

  it('matches the separate reads', async () => {
    const batched = delivery();
    await withTenant(scope, (transaction) => prefetchTenantSetup(batched, transaction, contractId));
    assert.equal(batched.memo.size, 5, 'the set-up read fills every key before any reader runs');
    const separate = delivery();

    assert.deepEqual(await activeConnectors(batched), await activeConnectors(separate));
    assert.deepEqual(await activeOverrideFor(batched), await activeOverrideFor(separate));
    assert.deepEqual(await legalEntitiesFor(batched), await legalEntitiesFor(separate));
    assert.deepEqual(await externalRefFor(batched, 'customer', customerId, 'erp'), await externalRefFor(separate, 'customer', customerId, 'erp'));
    assert.equal((await externalRefFor(batched, 'customer', customerId, 'erp'))?.externalId, 'CUST-1');
    assert.deepEqual(await termsFor(batched, contractId), await termsFor(separate, contractId));
  });

  it('reads terms with an unset execution time', async () => {
    const batched = delivery();
    await withTenant(scope, (transaction) => prefetchTenantSetup(batched, transaction, contractId));
    const terms = await termsFor(batched, contractId);

    assert.equal(terms?.contract.executedAt, null);
    assert.equal(terms?.contract.totalValue, '500.00');
    assert.equal(terms?.customer.id, customerId);
  });

  it('remembers no terms for a contract not found', async () => {
    const batched = delivery();
    const missing = randomUUID();
    await withTenant(scope, (transaction) => prefetchTenantSetup(batched, transaction, missing));

    assert.equal(await batched.memo.get(termsKey(missing)), null);
  });

  it('reads no link without a contract', async () => {
    const batched = delivery();
    await withTenant(scope, (transaction) => prefetchTenantSetup(batched, transaction));
    assert.equal(batched.memo.size, 3);

    assert.equal((await legalEntitiesFor(batched)).map((entity) => entity.code).join(','), 'GB01,IE01');
  });
});
