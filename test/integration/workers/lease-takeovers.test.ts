import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cloudEvent } from '../../../services/core/cloudevent.ts';
import { logger } from '../../../services/core/logger.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { contractActivation } from '../../../services/workers/flows/contract-activation.ts';
import { createOrchestrator } from '../../../services/workers/orchestrator.ts';
import { LEASE_TAKEOVER_LIMIT, ORCHESTRATOR } from '../../../services/workers/run-driver.ts';
import { startRun } from '../../../services/workers/run-store.ts';
import { createTenant } from '../../support/factories.ts';
import { tenantRows } from './failed-run.ts';

// A worker that stops while it holds a run leaves the run's lease to run out. The next consumer
// counts the takeover, and a run that keeps stopping workers ends with an exception.

interface RunRow {
  id: string;
  lease_takeovers: number;
  status: string;
}

describe('lease takeovers', () => {
  let scope: TenantScope;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
  });

  // Stores a run of an API contract that does not exist, as earlier workers left it with
  // `takeovers` counted. The lease of `owner` has run out, and a null owner gave the lease back.
  async function leftRun(takeovers: number, owner: string | null): Promise<{ contractId: string; runId: string }> {
    const contractId = randomUUID();
    const claimed = await startRun(scope, ORCHESTRATOR, {
      flow: contractActivation.name, flowVersion: contractActivation.version, triggerKey: `api:${contractId}`, triggerEventId: randomUUID(),
      input: { origin: 'api', contractId }, stepNames: contractActivation.steps.map((step) => step.name),
    }, { owner: 'stopped-worker', ms: 10_000 });
    assert.ok(claimed !== 'handled');
    await tenantRows(scope, `UPDATE workflow_runs SET lease_owner = :owner, lease_until = now() - interval '1 second', lease_takeovers = :takeovers
      WHERE id = :runId RETURNING id`, { owner, takeovers, runId: claimed.run.id });
    return { contractId, runId: claimed.run.id };
  }

  async function deliver(contractId: string): Promise<string> {
    const event = cloudEvent({ type: 'contract.executed', source: 'urn:test', tenant: scope.tenantId, region: scope.region, data: { origin: 'api', contractId } });
    const outcome = await createOrchestrator(scope.region)({ event, attempt: 1, log: logger('lease-takeovers-test') });
    return outcome.kind;
  }

  const runOf = async (runId: string) => (await tenantRows<RunRow>(scope, 'SELECT id, lease_takeovers, status FROM workflow_runs WHERE id = :runId', { runId }))[0]!;
  const exceptionsOf = (runId: string) => tenantRows<{ step_name: string; error: string }>(scope,
    'SELECT step_name, error FROM workflow_exceptions WHERE run_id = :runId', { runId });

  it('stops the run at the limit with an exception', async () => {
    const { contractId, runId } = await leftRun(LEASE_TAKEOVER_LIMIT - 1, 'stopped-worker');

    assert.equal(await deliver(contractId), 'park');
    const run = await runOf(runId);
    assert.equal(run.lease_takeovers, LEASE_TAKEOVER_LIMIT);
    assert.equal(run.status, 'failed');
    const [exception] = await exceptionsOf(runId);
    assert.equal(exception?.step_name, 'load-contract');
    assert.match(exception.error, /Workers stopped 5 times while they held this run/);
  });

  it('counts no takeover of a lease given back', async () => {
    const { contractId, runId } = await leftRun(LEASE_TAKEOVER_LIMIT - 1, null);

    // The run goes on, and fails on its own: the contract does not exist.
    assert.equal(await deliver(contractId), 'park');
    assert.equal((await runOf(runId)).lease_takeovers, LEASE_TAKEOVER_LIMIT - 1);
    const [exception] = await exceptionsOf(runId);
    assert.match(exception!.error, /was not found/);
  });
});
