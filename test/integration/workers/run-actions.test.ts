import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { replayRun, resolveException, retryRun, RunActionError } from '../../../services/workers/run-actions.ts';
import { loadRun, loadSteps } from '../../../services/workers/run-store.ts';
import { RESUME_REQUESTED } from '../../../services/workers/trigger-events.ts';
import { systemDatabase } from '../../../services/core/database.ts';
import { createTenant } from '../../support/factories.ts';
import { storeFailedRun, tenantRows, type FailedRun } from './failed-run.ts';

const ACTOR = { id: 'admin@example.test', requestId: 'request-1' };
// The stored run cannot really resume (its step outputs are placeholders), so its resume events
// must reach no worker. The test suites run workers for eu only, and each test deletes its
// tenant's unsent events from the us outbox afterwards.
const REGION = 'us';

async function rejection(action: Promise<unknown>): Promise<RunActionError> {
  const error = await action.then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof RunActionError, `expected a RunActionError, got ${String(error)}`);
  return error;
}

async function resumeEvents(scope: TenantScope, runId: string) {
  return tenantRows<{ id: string; envelope: { data: { runId: string; action: string; requestedBy: string } } }>(scope,
    'SELECT id, envelope FROM outbox WHERE event_type = :type AND subject = :runId', { type: RESUME_REQUESTED, runId });
}

async function auditOperations(scope: TenantScope, objectId: string): Promise<string[]> {
  const rows = await tenantRows<{ operation: string }>(scope, 'SELECT operation FROM audit_log WHERE object_id = :objectId ORDER BY id', { objectId });
  return rows.map((row) => row.operation);
}

async function exceptionStatus(scope: TenantScope, exceptionId: string): Promise<{ status: string; resolutionNote: string | null }> {
  const [row] = await tenantRows<{ status: string; resolutionNote: string | null }>(scope,
    'SELECT status, resolution_note AS "resolutionNote" FROM workflow_exceptions WHERE id = :exceptionId', { exceptionId });
  return row!;
}

describe('run actions', () => {
  let scope: TenantScope;
  let failed: FailedRun;

  beforeEach(async () => {
    const tenant = await createTenant({ region: REGION });
    scope = { tenantId: tenant.id, region: tenant.region };
    failed = await storeFailedRun(scope);
  });

  afterEach(async () => {
    await systemDatabase(REGION).query('DELETE FROM outbox WHERE tenant_id = :tenantId AND published_at IS NULL', { replacements: { tenantId: scope.tenantId } });
  });

  describe('retry', () => {
    it('clears the lease takeovers', async () => {
      await tenantRows(scope, 'UPDATE workflow_runs SET lease_takeovers = 5 WHERE id = :runId RETURNING id', { runId: failed.runId });
      await retryRun(scope, failed.runId, ACTOR);

      assert.equal((await loadRun(scope, failed.runId)).leaseTakeovers, 0);
    });

    it('reopens the steps not done', async () => {
      const result = await retryRun(scope, failed.runId, ACTOR);

      assert.deepEqual(result.retriedSteps, ['create-erp-project', 'create-billing-schedule', 'provision-psa-project', 'write-clm-status']);
      const run = await loadRun(scope, failed.runId);
      assert.equal(run.status, 'running');
      assert.equal(run.error, null);
      assert.equal((run.state as Record<string, unknown>)['create-erp-project'], undefined, 'the compensated output is dropped');
      assert.deepEqual((run.state as Record<string, unknown>)['upsert-erp-customer'], { step: 'upsert-erp-customer' }, 'done outputs are kept');
      const steps = await loadSteps(scope, failed.runId);
      const billing = steps.find((step) => step.name === 'create-billing-schedule')!;
      assert.equal(billing.status, 'pending');
      assert.equal(billing.attempts, 0);
    });

    it('enqueues a resume and audits it', async () => {
      const { eventId } = await retryRun(scope, failed.runId, ACTOR);

      const events = await resumeEvents(scope, failed.runId);
      assert.deepEqual(events.map((event) => event.id), [eventId]);
      assert.deepEqual(events[0]!.envelope.data, { runId: failed.runId, requestedBy: ACTOR.id, action: 'retry' });
      assert.deepEqual(await auditOperations(scope, failed.runId), ['retry']);
      const exception = await exceptionStatus(scope, failed.exceptionId);
      assert.equal(exception.status, 'resolved');
      assert.match(exception.resolutionNote ?? '', /Superseded: admin@example\.test requested a retry/);
    });

    it('rejects a run that is not failed', async () => {
      await retryRun(scope, failed.runId, ACTOR);
      const error = await rejection(retryRun(scope, failed.runId, ACTOR));
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /is running; only a failed run can be retried/);
      assert.equal((await resumeEvents(scope, failed.runId)).length, 1, 'the rejected retry enqueues nothing');
    });

    it('rejects an unknown run', async () => {
      const error = await rejection(retryRun(scope, randomUUID(), ACTOR));
      assert.equal(error.kind, 'not-found');
    });
  });

  describe('replay', () => {
    it('plans a dry run without changes', async () => {
      const { plan, eventId } = await replayRun(scope, failed.runId, 'upsert-erp-customer', ACTOR, { dryRun: true });

      assert.equal(eventId, undefined);
      assert.equal(plan.flowVersion, 2);
      const actions = Object.fromEntries(plan.steps.map((step) => [step.name, step.action]));
      assert.equal(actions['load-contract'], 'keep');
      assert.equal(actions['upsert-erp-customer'], 'skip');
      assert.equal(actions['create-erp-project'], 'run', 'compensation undid the project');
      assert.equal(actions['create-billing-schedule'], 'run');
      assert.equal(plan.steps.find((step) => step.name === 'upsert-erp-customer')!.externalId, failed.erpCustomerId);
      assert.equal((await loadRun(scope, failed.runId)).status, 'failed');
      assert.deepEqual(await resumeEvents(scope, failed.runId), []);
      assert.deepEqual(await auditOperations(scope, failed.runId), []);
    });

    it('reruns the planned steps only', async () => {
      const { plan, eventId } = await replayRun(scope, failed.runId, 'upsert-erp-customer', ACTOR, { dryRun: false });

      assert.ok(eventId);
      const rerun = plan.steps.filter((step) => step.action === 'run').map((step) => step.name);
      const steps = await loadSteps(scope, failed.runId);
      for (const step of steps) {
        const expected = rerun.includes(step.name) ? 'pending' : 'done';
        assert.equal(step.status, expected, `step ${step.name}`);
      }
      assert.equal((await loadRun(scope, failed.runId)).status, 'running');
      assert.deepEqual(await auditOperations(scope, failed.runId), ['replay']);
    });

    it('rejects a step the run does not have', async () => {
      const error = await rejection(replayRun(scope, failed.runId, 'send-fax', ACTOR, { dryRun: true }));
      assert.equal(error.kind, 'invalid');
      assert.match(error.message, /"send-fax" is not a step of this run/);
    });

    it('rejects a running run but still plans it', async () => {
      await retryRun(scope, failed.runId, ACTOR);
      const { plan } = await replayRun(scope, failed.runId, 'validate', ACTOR, { dryRun: true });
      assert.equal(plan.fromStep, 'validate');
      const error = await rejection(replayRun(scope, failed.runId, 'validate', ACTOR, { dryRun: false }));
      assert.equal(error.kind, 'conflict');
    });
  });

  describe('resolve', () => {
    it('closes the exception with the note', async () => {
      const resolved = await resolveException(scope, failed.exceptionId, 'Billing set up by hand.', ACTOR);

      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.resolutionNote, 'Billing set up by hand. (admin@example.test)');
      assert.ok(resolved.resolvedAt);
      assert.equal((await loadRun(scope, failed.runId)).status, 'failed', 'the run stays failed');
      assert.deepEqual(await auditOperations(scope, failed.exceptionId), ['resolve']);
      assert.deepEqual(await resumeEvents(scope, failed.runId), []);
    });

    it('rejects a second resolve', async () => {
      await resolveException(scope, failed.exceptionId, 'Done by hand.', ACTOR);
      const error = await rejection(resolveException(scope, failed.exceptionId, 'Again.', ACTOR));
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /was already resolved/);
    });

    it('rejects an unknown exception', async () => {
      const error = await rejection(resolveException(scope, randomUUID(), 'Nothing.', ACTOR));
      assert.equal(error.kind, 'not-found');
    });

    it('hides another tenant exception', async () => {
      const other = await createTenant({ region: REGION });
      const error = await rejection(resolveException({ tenantId: other.id, region: other.region }, failed.exceptionId, 'Not mine.', ACTOR));
      assert.equal(error.kind, 'not-found');
      assert.equal((await exceptionStatus(scope, failed.exceptionId)).status, 'open');
    });
  });
});
