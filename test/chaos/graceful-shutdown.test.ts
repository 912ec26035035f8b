import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { systemDatabase } from '../../services/core/database.ts';
import type { RunningPlatform } from '../support/platform.ts';
import { eventually } from '../support/platform.ts';
import { executeContract, getRun, listRuns, projectsByContract, startChaosPlatform, stepOf, waitForFinishedRuns, type ApiAgent } from './support/activation.ts';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.ts';

// The ERP delays its response to the project create by a few seconds, well inside the shutdown
// deadline, so SIGTERM arrives while that step is in flight.
const ERP_DELAY_MS = 3_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

// A worker gets SIGTERM mid-run, as on a deploy or a scale-down. It stops consuming, lets the run in
// flight finish, closes its connections and exits 0. A contract executed meanwhile waits in the
// broker and is activated by the next worker, so no message is lost and none is handled twice.
describe('chaos: worker stopped with SIGTERM', function () {
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

  it('finishes the run in flight, then exits', async function () {
    const worker = await startWorkerProcess('eu', { WORKER_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    workers.push(worker);
    const fault = await fetch(`${platform.erp.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ method: 'POST', doctype: 'Project', delayMs: ERP_DELAY_MS, times: 1 }]),
    });
    assert.equal(fault.status, 201);

    await executeContract(platform, 'graceful stop');
    const inFlight = await eventually(async () => {
      const [run] = await listRuns(api);
      return run && stepOf(await getRun(api, run.id), 'create-erp-project').status === 'running' ? run : undefined;
    }, 'the ERP project step to be in flight', 30_000);

    // Other suites' workers consume the same shared queue, so the test means something only when
    // this worker has the run's lease.
    const [lease] = await systemDatabase('eu').query<{ owner: string | null }>('SELECT lease_owner AS owner FROM workflow_runs WHERE id = :runId',
      { replacements: { runId: inFlight.id }, type: QueryTypes.SELECT });
    // A lease owner is "host:pid:delivery".
    if (!lease?.owner?.includes(`:${worker.child.pid}:`)) this.skip();

    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    await executeContract(platform, 'sent while stopping');
    const code = await exited;
    const stopMs = Date.now() - signalled;

    assert.equal(code, 0, 'the worker exits 0 after a graceful stop');
    assert.ok(stopMs < SHUTDOWN_TIMEOUT_MS, `the worker stopped within its deadline (${stopMs} ms)`);
    const finished = await getRun(api, inFlight.id);
    assert.equal(finished.status, 'completed', `the run in flight completed before the exit: ${JSON.stringify(finished.steps)}`);
    assert.equal(stepOf(finished, 'create-erp-project').attempts, 1, 'the step in flight was not cut off and tried again');
  });

  it('activates the contract sent while stopping', async () => {
    workers.push(await startWorkerProcess('eu'));

    const runs = await waitForFinishedRuns(api, 2, 30_000);
    assert.deepEqual(runs.map((run) => run.status), ['completed', 'completed']);
    const projects = projectsByContract(platform);
    assert.equal(projects.size, 2);
    for (const run of runs) assert.equal(projects.get(run.contractId!)?.length, 1, `contract ${run.contractId} has one ERP project`);
  });
});
