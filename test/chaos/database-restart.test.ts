import assert from 'node:assert/strict';
import type { RunningPlatform } from '../support/platform.ts';
import { eventually } from '../support/platform.ts';
import { executeContract, projectsByContract, startChaosPlatform, waitForFinishedRuns, type ApiAgent } from './support/activation.ts';
import { ensurePostgresRunning, restartPostgres, waitForQuietServers } from './support/services.ts';

const CONTRACTS = 5;

// PostgreSQL restarts while runs wait on slow ERP answers. Their next commits fail, the messages
// come back through the retry queues, and the runs complete once the pool has reconnected.
describe('chaos: PostgreSQL restarted', function () {
  this.timeout(120_000);
  let platform: RunningPlatform;
  let api: ApiAgent;

  before(async function () {
    if (!(await waitForQuietServers())) this.skip();
    ({ platform, api } = await startChaosPlatform());
  });

  after(async () => {
    await ensurePostgresRunning();
    await platform?.close();
  });

  it('completes runs in flight after reconnecting', async () => {
    const fault = await fetch(`${platform.erp.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ method: 'POST', doctype: 'Project', delayMs: 2_000, afterCommit: true, times: CONTRACTS }]),
    });
    assert.equal(fault.status, 201);
    for (let index = 0; index < CONTRACTS; index += 1) await executeContract(platform, `database restart ${index}`);

    await eventually(async () => (platform.erp.store.list('Project').length > 0 ? true : undefined), 'runs to reach the ERP', 30_000);
    await restartPostgres();

    const runs = await waitForFinishedRuns(api, CONTRACTS, 100_000);
    assert.deepEqual(runs.map((run) => run.status), runs.map(() => 'completed'));
    const projects = projectsByContract(platform);
    assert.equal(projects.size, CONTRACTS);
    for (const run of runs) assert.equal(projects.get(run.contractId!)?.length, 1, `contract ${run.contractId} has one project`);
  });
});
