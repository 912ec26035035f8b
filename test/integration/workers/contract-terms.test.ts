import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CanonicalContract } from '../../../services/core/canonical.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { loadContractTerms, saveSourceContract } from '../../../services/workers/contract-terms.ts';
import { createTenant } from '../../support/factories.ts';

// The stored terms of a contract as the flow steps read them: every part, in a fixed order, with
// amounts in their columns' scale.
const CONTRACT: CanonicalContract = {
  title: 'Data platform build',
  currency: 'EUR',
  totalValue: '45000',
  serviceCategory: 'consulting',
  startDate: '2027-02-01',
  endDate: '2027-08-31',
  customer: { name: 'Fabrikam SE', country: 'DE', type: 'business', taxId: 'DE123456789', taxIdValidated: true },
  rateCard: [{ role: 'partner', unit: 'hour', rate: '350' }, { role: 'architect', unit: 'day', rate: '1500.5' }],
  lines: [
    { lineNo: 2, description: 'Build', billingType: 'time-and-materials', role: 'architect', quantity: '20', unitPrice: '1500.5', amount: '30010' },
    { lineNo: 1, description: 'Discovery', billingType: 'fixed-fee', quantity: '1', unitPrice: '14990', amount: '14990' },
  ],
  milestones: [{ name: 'Launch', dueDate: '2027-08-31', amount: '20000' }, { name: 'Design', dueDate: '2027-03-31', amount: '10000' }],
};

describe('contract terms read', () => {
  let scope: TenantScope;
  let contractId: string;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
    ({ contractId } = await withTenant(scope, (transaction) =>
      saveSourceContract(scope, transaction, CONTRACT, { source: 'test', sourceRef: randomUUID() })));
  });

  it('reads the contract and its customer', async () => {
    const terms = await loadContractTerms(scope, contractId);

    assert.equal(terms?.contract.id, contractId);
    assert.equal(terms?.contract.totalValue, '45000.00');
    assert.equal(terms?.contract.startDate, '2027-02-01');
    assert.equal(terms?.customer.taxId, 'DE123456789');
  });

  it('reads the customer as a model read does', async () => {
    const terms = await loadContractTerms(scope, contractId);
    const stored = await withTenant(scope, async (transaction) =>
      (await regionModels('eu').Customer.findByPk(terms!.customer.id, { transaction }))!.get({ plain: true }));

    assert.deepEqual(terms?.customer, stored);
  });

  it('reads the contract as a model read does', async () => {
    const terms = await loadContractTerms(scope, contractId);
    const stored = await withTenant(scope, async (transaction) =>
      (await regionModels('eu').Contract.findByPk(contractId, { transaction }))!.get({ plain: true }));

    assert.ok(terms?.contract.executedAt instanceof Date);
    assert.deepEqual(terms?.contract, stored);
  });

  it('orders the parts and keeps amount scale', async () => {
    const terms = await loadContractTerms(scope, contractId);

    assert.deepEqual(terms?.lines.map((line) => [line.lineNo, line.role, line.quantity, line.unitPrice, line.amount]), [
      [1, null, '1.0000', '14990.00', '14990.00'],
      [2, 'architect', '20.0000', '1500.50', '30010.00'],
    ]);
    assert.deepEqual(terms?.rateCard.map((entry) => [entry.role, entry.unit, entry.rate]), [['architect', 'day', '1500.50'], ['partner', 'hour', '350.00']]);
    assert.deepEqual(terms?.milestones.map((milestone) => [milestone.name, milestone.dueDate, milestone.amount, milestone.status]), [
      ['Design', '2027-03-31', '10000.00', 'planned'],
      ['Launch', '2027-08-31', '20000.00', 'planned'],
    ]);
  });

  it('names each part by its contract and tenant', async () => {
    const terms = await loadContractTerms(scope, contractId);
    const parts = [...(terms?.lines ?? []), ...(terms?.rateCard ?? []), ...(terms?.milestones ?? [])];

    assert.equal(parts.length, 6);
    assert.ok(parts.every((part) => part.contractId === contractId && part.tenantId === scope.tenantId));
  });

  it('returns null for another tenant', async () => {
    const other = await createTenant({ region: 'eu' });

    assert.equal(await loadContractTerms({ tenantId: other.id, region: 'eu' }, contractId), null);
  });
});
