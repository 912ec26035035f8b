import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { WorkflowRunRow } from '../../../services/core/models/region.ts';
import type { ContractTerms } from '../../../services/workers/contract-terms.ts';
import { PermanentStepError } from '../../../services/workers/errors.ts';
import type { StepContext } from '../../../services/workers/flow.ts';
import { chooseLegalEntity } from '../../../services/workers/steps/choose-legal-entity.ts';
import { createTenant } from '../../support/factories.ts';

describe('choose-legal-entity step', () => {
  it('says where to add missing entities', async () => {
    const tenant = await createTenant({ region: 'eu' });
    const contractId = randomUUID();
    // The memo stands in for the contract the load-contract step would have read, so the step
    // reaches the query for the tenant's legal entities, of which there are none.
    const terms = { contract: { id: contractId, startDate: '2027-01-01' }, customer: { country: 'FR' } } as unknown as ContractTerms;
    const context: StepContext = {
      scope: { tenantId: tenant.id, region: tenant.region },
      run: {} as WorkflowRunRow,
      state: { 'load-contract': { contractId } },
      log: pino({ level: 'silent' }),
      memo: new Map([[`terms:${contractId}`, Promise.resolve(terms)]]),
    };

    const error = await chooseLegalEntity.run(context).then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof PermanentStepError, 'a permanent step error');
    assert.match(error.message, /no legal entities/);
    assert.match(error.suggestedAction, /Entities and rules tab, then New legal entity/);
  });
});
