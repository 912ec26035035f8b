import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cloudEvent } from '../../../services/core/cloudevent.ts';
import { logger } from '../../../services/core/logger.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { createOrchestrator } from '../../../services/workers/orchestrator.ts';
import { RUN_RETURNS_LIMIT } from '../../../services/workers/run-driver.ts';
import { createTenant } from '../../support/factories.ts';
import { tenantRows } from './failed-run.ts';

// The orchestrator hands the message's return count to the run driver, which stops a run that
// keeps coming back from crashed workers instead of letting it crash the next one.

describe('orchestrator and returned messages', () => {
  let scope: TenantScope;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
  });

  it('fails the run with an exception once its message came back too often', async () => {
    const contractId = randomUUID();
    const event = cloudEvent({ type: 'contract.executed', source: 'urn:test', tenant: scope.tenantId, region: scope.region, subject: contractId, data: { origin: 'api', contractId } });
    const handle = createOrchestrator(scope.region);

    const outcome = await handle({ event, attempt: 1, returns: RUN_RETURNS_LIMIT, log: logger('orchestrator-returns-test') });

    assert.equal(outcome.kind, 'park');
    const [exception] = await tenantRows<{ step_name: string; error: string }>(scope,
      `SELECT exception.step_name, exception.error FROM workflow_exceptions AS exception
       JOIN workflow_runs AS run ON run.id = exception.run_id WHERE run.trigger_event_id = :eventId`, { eventId: event.id });
    assert.equal(exception?.step_name, 'load-contract');
    assert.match(exception.error, /Workers stopped 5 times/);
  });
});
