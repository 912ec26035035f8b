import assert from 'node:assert/strict';
import type { RunningPlatform } from '../../support/platform.ts';
import { executeContract, getRun, startChaosPlatform, stepOf, waitForFinishedRuns, type ApiAgent, type RunView } from '../../chaos/support/activation.ts';

// An activation that fails at its last step, after the ERP and the PSA were changed: the CLM
// rejects the status write. Compensation cancels the ERP project and archives the PSA workspace,
// and an admin's retry brings both back instead of making new ones.
describe('activation failing after the PSA step', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let api: ApiAgent;
  let failed: RunView;

  const workspaces = () => [...platform.psa.state.workspaces.values()];

  before(async () => {
    ({ platform, api } = await startChaosPlatform());
    const fault = await fetch(`${platform.clm.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ method: 'PATCH', resource: 'workflows', status: 400, times: 1 }] }),
    });
    assert.equal(fault.status, 201, await fault.text());
    await executeContract(platform, 'status write rejected');
    const [run] = await waitForFinishedRuns(api, 1, 30_000);
    failed = await getRun(api, run!.id);
  });

  after(async () => {
    await platform?.close();
  });

  it('fails at the CLM status write', () => {
    assert.equal(failed.status, 'failed');
    assert.equal(stepOf(failed, 'write-clm-status').status, 'failed');
  });

  it('archives the PSA workspace it made', () => {
    assert.equal(workspaces().length, 1);
    assert.equal(workspaces()[0]!.archived, true);
    assert.equal(stepOf(failed, 'provision-psa-project').status, 'compensated');
  });

  it('restores the workspace on retry', async () => {
    await api.post(`/v1/runs/${failed.id}/retry`);
    const [run] = await waitForFinishedRuns(api, 1, 30_000);

    assert.equal((await getRun(api, run!.id)).status, 'completed');
    assert.equal(workspaces().length, 1, 'no second workspace');
    assert.equal(workspaces()[0]!.archived, false);
  });
});
