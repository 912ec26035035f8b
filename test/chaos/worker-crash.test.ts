import assert from 'node:assert/strict';
import type { RunningPlatform } from '../support/platform.ts';
import { eventually } from '../support/platform.ts';
import { executeContract, getRun, listRuns, startChaosPlatform, type ApiAgent } from './support/activation.ts';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.ts';

// A worker host dies with SIGKILL while the ERP holds a project it saved but has not yet answered
// for. RabbitMQ returns the unacknowledged message, the dead worker's run lease runs out, and a new
// worker process resumes the run from its last committed step.
describe('chaos: worker killed mid-run', function () {
  this.timeout(90_000);
  let platform: RunningPlatform;
  let api: ApiAgent;
  const workers: WorkerProcess[] = [];

  before(async () => {
    ({ platform, api } = await startChaosPlatform({ startWorkers: false }));
  });

  after(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await platform?.close();
  });

  it('resumes the run with exactly one ERP project', async () => {
    workers.push(await startWorkerProcess());
    // The ERP saves the project, then holds the answer, so the kill lands after the create.
    const fault = await fetch(`${platform.erp.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ method: 'POST', doctype: 'Project', delayMs: 5_000, afterCommit: true, times: 1 }]),
    });
    assert.equal(fault.status, 201);

    await executeContract(platform, 'worker crash');
    await eventually(async () => (platform.erp.store.list('Project').length > 0 ? true : undefined), 'the ERP to save the project', 30_000);
    await workers[0]!.kill('SIGKILL');
    const [running] = await listRuns(api);
    assert.equal(running?.status, 'running', 'the run was cut off mid-way');

    workers.push(await startWorkerProcess());
    const finished = await eventually(async () => {
      const run = await getRun(api, running!.id);
      return run.status === 'running' ? undefined : run;
    }, 'the resumed run to finish', 60_000);

    assert.equal(finished.status, 'completed', JSON.stringify(finished.steps));
    assert.equal(platform.erp.store.list('Project').length, 1);
    assert.equal(platform.erp.store.list('Sales Order').length, 1);
    assert.equal(platform.erp.store.list('Customer').length, 1);
  });
});
