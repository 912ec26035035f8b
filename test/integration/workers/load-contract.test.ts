import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { CanonicalContract } from '../../../services/core/canonical.ts';
import type { WorkflowRunRow } from '../../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { saveSourceContract } from '../../../services/workers/contract-terms.ts';
import { PermanentStepError } from '../../../services/workers/errors.ts';
import type { StepContext } from '../../../services/workers/flow.ts';
import { loadContract } from '../../../services/workers/steps/load-contract.ts';
import { createTenant } from '../../support/factories.ts';

// An activation through the API names a contract stored through the API. One from the CLM is
// activated by its own workflow's run, and a second run would create its records again.
const FROM_CLM: CanonicalContract = {
  title: 'Audit support', currency: 'EUR', totalValue: '1000', serviceCategory: 'accounting', startDate: '2027-01-01',
  customer: { name: 'Litware SA', country: 'FR', type: 'business', taxIdValidated: false },
  rateCard: [], lines: [{ lineNo: 1, description: 'Audit', billingType: 'fixed-fee', quantity: '1', unitPrice: '1000', amount: '1000' }], milestones: [],
};

describe('load-contract step', () => {
  let scope: TenantScope;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
  });

  it('rejects an API activation of a CLM contract', async () => {
    const { contractId } = await withTenant(scope, (transaction) =>
      saveSourceContract(scope, transaction, FROM_CLM, { source: `clm:${randomUUID()}`, sourceRef: randomUUID() }));
    const run = { id: randomUUID(), input: { origin: 'api', contractId } } as unknown as WorkflowRunRow;
    const context: StepContext = { scope, run, state: {}, log: pino({ level: 'silent' }), memo: new Map() };

    const error = await loadContract.run(context).then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof PermanentStepError, `expected a permanent step error, got ${String(error)}`);
    assert.match(error.message, /came from clm:.*not the partner API/);
  });
});
