import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';

import { loadActiveRuleOverride } from '../../../services/core/active-rule-override.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { chooseLegalEntityWithPacks, rulesForTenant, type GoldenCase, type TenantOverride } from '../../../services/rules/index.ts';
import { TenantOverrideError } from '../../../services/workers/tenant-override-error.ts';
import { listTenantOverrides, promoteOverride, saveOverrideDraft } from '../../../services/workers/tenant-rule-overrides.ts';
import { createTenant } from '../../support/factories.ts';

const source = { authority: 'Acme finance', title: 'Acme billing policy' };

function override(version: string, currency: string): TenantOverride {
  return {
    kind: 'tenant-override', name: 'acme-billing', version, source,
    entities: { currencyRules: [{ id: 'gb-customers', description: 'UK customers billed in the chosen currency', when: { customerCountries: ['GB'] }, currency }] },
  };
}

function expectCurrency(currency: string): GoldenCase[] {
  return [{ name: 'UK customer currency', kind: 'legal-entity', customer: { country: 'GB' }, expected: { entity: 'GB01', invoiceCurrency: currency } }];
}

async function expectRejected(work: Promise<unknown>, path: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => error instanceof TenantOverrideError && error.problems.some((problem) => problem.path === path));
}

describe('tenant rule overrides', () => {
  let scope: { tenantId: string; region: string };

  beforeEach(async () => {
    const tenant = await createTenant();
    scope = { tenantId: tenant.id, region: tenant.region };
    await withTenant(scope, (transaction) => regionModels(scope.region).LegalEntity.bulkCreate([
      { id: randomUUID(), tenantId: scope.tenantId, code: 'GB01', name: 'Acme UK Ltd', country: 'GB', currency: 'GBP', regionalHub: false, invoiceSeries: 'GB-' },
      { id: randomUUID(), tenantId: scope.tenantId, code: 'IE01', name: 'Acme Ireland Ltd', country: 'IE', currency: 'EUR', regionalHub: true, invoiceSeries: 'IE-' },
    ], { transaction }));
  });

  it('promotes a draft whose cases pass', async () => {
    const draft = await saveOverrideDraft(scope, { pack: override('1.0.0', 'EUR'), goldenCases: expectCurrency('EUR'), createdBy: 'admin@acme.example' });
    assert.equal(draft.status, 'draft');

    const result = await promoteOverride(scope, draft.id);

    assert.equal(result.promoted, true);
    assert.equal(result.override.status, 'active');
    assert.deepEqual(result.results.map((entry) => entry.passed), [true]);
  });

  it('keeps a failing draft as draft', async () => {
    const draft = await saveOverrideDraft(scope, { pack: override('1.0.0', 'USD'), goldenCases: expectCurrency('EUR') });

    const result = await promoteOverride(scope, draft.id);

    assert.equal(result.promoted, false);
    assert.equal(result.override.status, 'draft');
    assert.match(result.results[0]!.failures[0]!, /invoiceCurrency: expected "EUR", got "USD"/);
    assert.equal(await loadActiveRuleOverride(scope), undefined);
  });

  it('supersedes the previous active version', async () => {
    const first = await saveOverrideDraft(scope, { pack: override('1.0.0', 'EUR'), goldenCases: expectCurrency('EUR') });
    await promoteOverride(scope, first.id);
    const second = await saveOverrideDraft(scope, { pack: override('1.1.0', 'USD'), goldenCases: expectCurrency('USD') });
    await promoteOverride(scope, second.id);

    const statuses = (await listTenantOverrides(scope)).map((row) => [row.version, row.status]);
    assert.deepEqual(statuses, [['1.1.0', 'active'], ['1.0.0', 'superseded']]);
    assert.equal((await loadActiveRuleOverride(scope))?.version, '1.1.0');
  });

  it('applies the active override to entity choice', async () => {
    const draft = await saveOverrideDraft(scope, { pack: override('2.0.0', 'EUR'), goldenCases: expectCurrency('EUR') });
    await promoteOverride(scope, draft.id);

    const rules = rulesForTenant(await loadActiveRuleOverride(scope));
    const entities = [{ code: 'GB01', name: 'Acme UK Ltd', country: 'GB', currency: 'GBP', regionalHub: false }];
    const choice = chooseLegalEntityWithPacks(rules.registry, entities, { country: 'GB' }, { entityPack: rules.entityPack });

    assert.equal(choice.invoiceCurrency, 'EUR');
    assert.equal(choice.trail.pack, 'acme-billing');
  });

  it('rejects a version not above the latest', async () => {
    await saveOverrideDraft(scope, { pack: override('1.2.0', 'EUR'), goldenCases: expectCurrency('EUR') });

    await expectRejected(saveOverrideDraft(scope, { pack: override('1.1.9', 'EUR'), goldenCases: expectCurrency('EUR') }), 'pack.version');
  });

  it('rejects an invalid pack with its path', async () => {
    const invalid = override('1.0.0', 'EURO');

    await expectRejected(saveOverrideDraft(scope, { pack: invalid, goldenCases: expectCurrency('EUR') }), 'pack.entities.currencyRules[0].currency');
  });

  it('rejects a draft without golden cases', async () => {
    await expectRejected(saveOverrideDraft(scope, { pack: override('1.0.0', 'EUR'), goldenCases: [] }), 'goldenCases');
  });

  it('promotes only a draft', async () => {
    const draft = await saveOverrideDraft(scope, { pack: override('1.0.0', 'EUR'), goldenCases: expectCurrency('EUR') });
    await promoteOverride(scope, draft.id);

    await expectRejected(promoteOverride(scope, draft.id), 'overrideId');
  });
});
