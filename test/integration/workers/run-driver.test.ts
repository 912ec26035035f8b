import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { logger } from '../../../services/core/logger.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import type { Flow, Step, StepContext } from '../../../services/workers/flow.ts';
import { driveRun, LEASE_TAKEOVER_LIMIT, ORCHESTRATOR } from '../../../services/workers/run-driver.ts';
import { LeaseHeartbeat } from '../../../services/workers/run-lease.ts';
import { startRun, type ClaimedRun } from '../../../services/workers/run-store.ts';
import { recordHandled } from '../../../services/workers/inbox.ts';
import { createTenant } from '../../support/factories.ts';
import { tenantRows } from './failed-run.ts';

// The run driver's commits, seen from inside the steps: what each step finds stored while it runs.

interface StepRow {
  name: string;
  status: string;
  attempts: number;
}

const LEASE = { owner: 'run-driver-test', ms: 10_000 };

function stepRows(scope: TenantScope, runId: string): Promise<StepRow[]> {
  return tenantRows<StepRow>(scope, 'SELECT name, status, attempts FROM workflow_steps WHERE run_id = :runId ORDER BY position', { runId });
}

// Drives a one-off flow over a new run; the steps record what they saw in `seen`.
async function drive(scope: TenantScope, steps: Step[], leaseTakeovers = 0): Promise<{ outcome: string; runId: string; lost: boolean; messageId: string }> {
  const flow: Flow = { name: `driver-test-${randomUUID().slice(0, 8)}`, version: 1, steps, complete: async () => undefined };
  const claimed = await startRun(scope, ORCHESTRATOR, {
    flow: flow.name, flowVersion: 1, triggerKey: randomUUID(), triggerEventId: randomUUID(), input: {}, stepNames: steps.map((step) => step.name),
  }, LEASE) as Extract<ClaimedRun, { leased: true }>;
  const log = logger('run-driver-test', { runId: claimed.run.id });
  const lease = new LeaseHeartbeat(scope, claimed.run.id, LEASE, log);
  const messageId = randomUUID();
  const outcome = await driveRun({ scope, flow, run: { ...claimed.run, leaseTakeovers }, steps: claimed.steps, messageId, lease, log });
  return { outcome: outcome.kind, runId: claimed.run.id, lost: lease.lost, messageId };
}

describe('run driver commits', () => {
  let scope: TenantScope;
  const seen = new Map<string, StepRow[]>();

  // A step that records the stored steps, after taking a client when `calls` is set.
  const step = (name: string, calls: boolean): Step => ({
    name,
    async run(context: StepContext) {
      if (calls) await context.beforeOutsideCall?.();
      seen.set(name, await stepRows(scope, context.run.id));
      return { output: { name } };
    },
  });

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
  });

  beforeEach(() => seen.clear());

  it('commits no running mark for a step that calls nothing', async () => {
    const { outcome } = await drive(scope, [step('reads', false), step('calls', true)]);

    assert.equal(outcome, 'done');
    assert.deepEqual(seen.get('reads')?.[0], { name: 'reads', status: 'pending', attempts: 0 });
  });

  it('commits the attempt before the outside call', async () => {
    await drive(scope, [step('reads', false), step('calls', true)]);

    const during = seen.get('calls');
    assert.deepEqual(during?.[1], { name: 'calls', status: 'running', attempts: 1 });
    // The step before it went in the same commit.
    assert.deepEqual(during?.[0], { name: 'reads', status: 'done', attempts: 1 });
  });

  it('records which steps took a client', async () => {
    const neverCalled: (boolean | undefined)[] = [];
    const noting = (inner: Step): Step => ({ ...inner, run: (context) => { neverCalled.push(context.neverCalled); return inner.run(context); } });
    const { runId } = await drive(scope, [noting(step('reads', false)), noting(step('calls', true))]);

    assert.deepEqual(neverCalled, [true, true], 'neither step had called before');
    const called = await tenantRows<{ name: string; called: boolean }>(scope, 'SELECT name, called_at IS NOT NULL AS called FROM workflow_steps WHERE run_id = :runId ORDER BY position', { runId });
    assert.deepEqual(called.map((row) => [row.name, row.called]), [['reads', false], ['calls', true]]);
  });

  it('keeps called_at however a row is updated', async () => {
    const { runId } = await drive(scope, [step('reads', false)]);
    const update = (set: string) => tenantRows(scope, `UPDATE workflow_steps SET ${set} WHERE run_id = :runId RETURNING called_at IS NOT NULL AS called`, { runId });

    // A worker of another release marks a step running without naming called_at.
    assert.deepEqual(await update("status = 'running'"), [{ called: true }]);
    // A reopened run clears the rest of the step, never called_at.
    assert.deepEqual(await update("status = 'pending', attempts = 0, started_at = NULL, called_at = NULL"), [{ called: true }]);
  });

  it('marks every step done at completion', async () => {
    const { runId } = await drive(scope, [step('reads', false), step('calls', true), step('writes', false)]);

    const rows = await stepRows(scope, runId);
    assert.deepEqual(rows.map((row) => row.status), ['done', 'done', 'done']);
    assert.deepEqual(rows.map((row) => row.attempts), [1, 1, 1]);
  });

  it('records the message at completion', async () => {
    const { messageId } = await drive(scope, [step('calls', true)]);

    const handled = await tenantRows(scope, 'SELECT consumer FROM inbox WHERE message_id = :messageId', { messageId });
    assert.deepEqual(handled, [{ consumer: ORCHESTRATOR }]);
  });

  it('calls nothing after the lease passed on', async () => {
    let called = false;
    const stolen: Step = {
      name: 'lease-stolen',
      async run(context) {
        await tenantRows(scope, "UPDATE workflow_runs SET lease_owner = 'another-consumer' WHERE id = :runId RETURNING id", { runId: context.run.id });
        await context.beforeOutsideCall?.();
        called = true;
        return { output: {} };
      },
    };
    const { outcome, runId, lost } = await drive(scope, [step('reads', false), stolen]);

    assert.equal(outcome, 'defer');
    assert.equal(lost, true);
    assert.equal(called, false, 'the outside call did not happen');
    assert.deepEqual((await stepRows(scope, runId)).map((row) => [row.status, row.attempts]), [['pending', 0], ['pending', 0]]);
  });

  it('runs below the takeover limit', async () => {
    const { outcome } = await drive(scope, [step('calls', true)], LEASE_TAKEOVER_LIMIT - 1);

    assert.equal(outcome, 'done');
    assert.ok(seen.has('calls'));
  });

  it('stops at the takeover limit', async () => {
    const { outcome, runId } = await drive(scope, [step('reads', false), step('calls', true)], LEASE_TAKEOVER_LIMIT);

    assert.equal(outcome, 'park');
    assert.equal(seen.size, 0, 'no step ran');
    assert.deepEqual((await stepRows(scope, runId)).map((row) => row.status), ['failed', 'pending']);
    const exceptions = await tenantRows<{ step_name: string; error: string; suggested_action: string }>(scope,
      'SELECT step_name, error, suggested_action FROM workflow_exceptions WHERE run_id = :runId', { runId });
    assert.equal(exceptions.length, 1);
    assert.equal(exceptions[0]?.step_name, 'reads');
    assert.match(exceptions[0]!.error, /stopped 5 times while they held this run, each time at step reads or a later step/);
    assert.match(exceptions[0]!.suggested_action, /worker logs/);
  });

  it('commits a persisted output before the next step', async () => {
    const persisting: Step = { name: 'persists', run: async () => ({ persist: async () => ({ id: 'stored' }) }) };
    const reader: Step = {
      name: 'needs-output',
      async run(context) {
        seen.set('needs-output', await stepRows(scope, context.run.id));
        return { output: { read: context.state.persists } };
      },
    };
    const { runId } = await drive(scope, [persisting, reader]);

    assert.deepEqual(seen.get('needs-output')?.[0], { name: 'persists', status: 'done', attempts: 1 });
    assert.deepEqual(seen.get('needs-output')?.[1], { name: 'needs-output', status: 'running', attempts: 1 });
    const [state] = await tenantRows<{ state: Record<string, unknown> }>(scope, 'SELECT state FROM workflow_runs WHERE id = :runId', { runId });
    assert.deepEqual(state?.state['needs-output'], { read: { id: 'stored' } });
  });
});

describe('starting a run', () => {
  let scope: TenantScope;

  const newRun = () => ({ flow: 'claim-reads-test', flowVersion: 1, triggerKey: randomUUID(), triggerEventId: randomUUID(), input: { contractId: 'c-1' }, stepNames: ['only'] });

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: 'eu' };
  });

  it('reads with the run once leased', async () => {
    const inputs: unknown[] = [];
    await startRun(scope, ORCHESTRATOR, newRun(), LEASE, async (_transaction, run) => { inputs.push(run.input); });

    assert.deepEqual(inputs, [{ contractId: 'c-1' }]);
  });

  it('starts one run with its steps, leased', async () => {
    const run = newRun();
    const first = await startRun(scope, ORCHESTRATOR, run, LEASE);
    const again = await startRun(scope, ORCHESTRATOR, { ...run, triggerEventId: randomUUID() }, LEASE);

    assert.ok(first !== 'handled' && first.leased, 'the first event starts a leased run');
    assert.ok(again !== 'handled' && again.leased, 'the second event leases the same run');
    assert.equal(again.run.id, first.run.id, 'a second event of the same trigger finds the run');
    assert.deepEqual(first.steps.map((step) => [step.name, step.status, step.attempts]), [['only', 'pending', 0]]);
    assert.equal(first.run.leaseOwner, LEASE.owner);
  });

  it('answers handled for an event in the inbox', async () => {
    const run = newRun();
    await withTenant(scope, (transaction) => recordHandled(scope, ORCHESTRATOR, run.triggerEventId, transaction));

    assert.equal(await startRun(scope, ORCHESTRATOR, run, LEASE), 'handled');
    assert.deepEqual(await tenantRows(scope, 'SELECT id FROM workflow_runs WHERE trigger_key = :key', { key: run.triggerKey }), []);
  });

  it('skips the reads when another consumer holds the lease', async () => {
    const run = newRun();
    await startRun(scope, ORCHESTRATOR, run, LEASE);
    let calls = 0;
    const claimed = await startRun(scope, ORCHESTRATOR, { ...run, triggerEventId: randomUUID() }, { owner: 'other-consumer', ms: 10_000 }, async () => { calls += 1; });

    assert.equal(claimed !== 'handled' && claimed.leased, false);
    assert.equal(calls, 0);
  });
});
