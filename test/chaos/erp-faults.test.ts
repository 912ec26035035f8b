import assert from 'node:assert/strict';
import type { RunningPlatform } from '../support/platform.ts';
import { eventually } from '../support/platform.ts';
import { executeContract, getRun, listRuns, startChaosPlatform, stepOf, waitForFinishedRuns, type ApiAgent, type RunView } from './support/activation.ts';

interface ExceptionView {
  id: string;
  runId: string;
  stepName: string;
  error: string;
  payloadRef: string;
  suggestedAction: string;
  status: 'open' | 'resolved';
}

interface ReplayPlanView {
  flowVersion: number;
  steps: { name: string; action: 'keep' | 'run' | 'skip'; externalId?: string }[];
}

async function addFault(platform: RunningPlatform, rule: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${platform.erp.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([rule]) });
  assert.equal(response.status, 201, await response.text());
}

// Each case gets a fresh platform: its own tenant, ERP and CLM simulators, and an in-process worker.
describe('chaos: ERP faults', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let api: ApiAgent;

  beforeEach(async () => {
    ({ platform, api } = await startChaosPlatform());
  });

  afterEach(async () => {
    await platform?.close();
  });

  it('retries three 503 answers into one project', async () => {
    await addFault(platform, { method: 'POST', doctype: 'Project', status: 503, times: 3 });
    await executeContract(platform, '503 three times');

    const [run] = await waitForFinishedRuns(api, 1, 40_000);
    const finished = await getRun(api, run!.id);
    assert.equal(finished.status, 'completed');
    const step = stepOf(finished, 'create-erp-project');
    assert.equal(step.attempts, 4, 'one first try and three retries');
    assert.match(step.lastError ?? '', /HTTP 503/);
    assert.equal(platform.erp.store.list('Project').length, 1);
  });

  it('finds the project after a timeout instead of creating another', async () => {
    // The ERP saves the project, then answers later than the connector's 10 s timeout.
    await addFault(platform, { method: 'POST', doctype: 'Project', delayMs: 10_500, afterCommit: true, times: 1 });
    await executeContract(platform, 'timeout after commit');

    const [run] = await waitForFinishedRuns(api, 1, 45_000);
    const finished = await getRun(api, run!.id);
    assert.equal(finished.status, 'completed');
    assert.equal(stepOf(finished, 'create-erp-project').attempts, 2);
    assert.match(stepOf(finished, 'create-erp-project').lastError ?? '', /timed out/);
    assert.equal(platform.erp.store.list('Project').length, 1);
    assert.equal(platform.erp.store.list('Sales Order').length, 1);
  });

  describe('400 on billing schedule creation', () => {
    let failed: RunView;
    let workflowId: string;

    beforeEach(async () => {
      await addFault(platform, { method: 'POST', doctype: 'Sales Order', status: 400, times: 1 });
      ({ workflowId } = await executeContract(platform, 'billing rejected'));
      const [run] = await waitForFinishedRuns(api, 1, 30_000);
      failed = await getRun(api, run!.id);
    });

    it('stops the run and opens an exception', async () => {
      assert.equal(failed.status, 'failed');
      assert.equal(stepOf(failed, 'create-billing-schedule').status, 'failed');
      assert.equal(stepOf(failed, 'create-billing-schedule').attempts, 1, 'a 400 is not retried');

      const { data } = await api.get<{ data: ExceptionView[] }>(`/v1/exceptions?runId=${failed.id}`);
      assert.equal(data.length, 1);
      assert.equal(data[0]!.status, 'open');
      assert.equal(data[0]!.stepName, 'create-billing-schedule');
      assert.match(data[0]!.error, /HTTP 400/);
      assert.match(data[0]!.payloadRef, new RegExp(failed.id));
      assert.ok(data[0]!.suggestedAction.length > 0);
    });

    it('cancels the project it created', async () => {
      const projects = platform.erp.store.list('Project') as unknown as { status: string }[];
      assert.equal(projects.length, 1);
      assert.equal(projects[0]!.status, 'Cancelled');
      assert.equal(stepOf(failed, 'create-erp-project').status, 'compensated');
    });

    it('writes the failure back to the CLM', () => {
      const attributes = platform.clm.state.findWorkflow(workflowId)?.attributes ?? {};
      assert.equal(attributes.throughlineStatus, 'activation-failed');
      assert.equal(attributes.throughlineFailedStep, 'create-billing-schedule');
      assert.match(String(attributes.throughlineError), /HTTP 400/);
    });

    it('retries from the API into one open project', async () => {
      const retried = await api.post<{ retriedSteps: string[] }>(`/v1/runs/${failed.id}/retry`);
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      assert.ok(retried.body.retriedSteps.includes('create-erp-project'));
      assert.ok(retried.body.retriedSteps.includes('create-billing-schedule'));

      const done = await eventually(async () => {
        const run = await getRun(api, failed.id);
        return run.status === 'running' ? undefined : run;
      }, 'the retried run to finish', 20_000);
      assert.equal(done.status, 'completed');
      const projects = platform.erp.store.list('Project') as unknown as { status: string }[];
      assert.equal(projects.length, 1);
      assert.equal(projects[0]!.status, 'Open');
      assert.equal(platform.erp.store.list('Sales Order').length, 1);
      assert.equal(platform.clm.state.findWorkflow(workflowId)?.attributes.throughlineStatus, 'activated');

      const { data } = await api.get<{ data: ExceptionView[] }>(`/v1/exceptions?runId=${failed.id}`);
      assert.equal(data[0]!.status, 'resolved', 'the retry supersedes the exception');
    });

    it('plans a replay that skips existing ERP records', async () => {
      await api.post(`/v1/runs/${failed.id}/retry`);
      await eventually(async () => ((await getRun(api, failed.id)).status === 'completed' ? true : undefined), 'the retried run to complete', 20_000);
      const requestsBefore = platform.erp.requests.snapshot();

      const plan = await api.get<ReplayPlanView>(`/v1/runs/${failed.id}/replay-plan?fromStep=upsert-erp-customer`);
      assert.equal(plan.flowVersion, failed.flowVersion);
      const action = (name: string) => plan.steps.find((step) => step.name === name)?.action;
      assert.equal(action('load-contract'), 'keep');
      assert.equal(action('upsert-erp-customer'), 'skip');
      assert.equal(action('create-erp-project'), 'skip');
      assert.equal(action('create-billing-schedule'), 'skip');
      assert.equal(action('write-clm-status'), 'run');
      assert.deepEqual(platform.erp.requests.snapshot(), requestsBefore, 'the plan calls nothing');

      const replayed = await api.post(`/v1/runs/${failed.id}/replay`, { fromStep: 'upsert-erp-customer' });
      assert.equal(replayed.status, 202, JSON.stringify(replayed.body));
      await eventually(async () => ((await getRun(api, failed.id)).status === 'completed' ? true : undefined), 'the replayed run to complete', 20_000);
      assert.equal(platform.erp.store.list('Project').length, 1);
      assert.equal(platform.erp.store.list('Sales Order').length, 1);
    });

    it('resolves the exception with a note', async () => {
      const { data } = await api.get<{ data: ExceptionView[] }>(`/v1/exceptions?runId=${failed.id}&status=open`);
      const resolved = await api.post<ExceptionView & { resolutionNote: string }>(`/v1/exceptions/${data[0]!.id}/resolve`, { note: 'Billing set up by hand in the ERP.' });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.equal(resolved.body.status, 'resolved');
      assert.match(resolved.body.resolutionNote, /Billing set up by hand/);
      assert.equal((await listRuns(api))[0]!.status, 'failed', 'resolving leaves the run failed');

      const again = await api.post(`/v1/exceptions/${data[0]!.id}/resolve`, { note: 'twice' });
      assert.equal(again.status, 409);
    });
  });
});
