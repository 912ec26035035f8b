import assert from 'node:assert/strict';
import type { RunningPlatform } from '../support/platform.ts';
import { executeContract, projectsByContract, startChaosPlatform, waitForFinishedRuns, type ApiAgent } from './support/activation.ts';
import { startRabbitMq, stopRabbitMq, waitForQuietServers } from './support/services.ts';

const CONTRACTS = 5;

// RabbitMQ stops while the CLM sends executed contracts. The gateway accepts them into the outbox,
// which holds them until the broker is back; the worker reconnects and the relay delivers them.
describe('chaos: RabbitMQ stopped', function () {
  this.timeout(120_000);
  let platform: RunningPlatform;
  let api: ApiAgent;

  before(async function () {
    if (!(await waitForQuietServers())) this.skip();
    ({ platform, api } = await startChaosPlatform());
  });

  after(async () => {
    // Idempotent, so the broker runs after this suite whatever happened above.
    await startRabbitMq();
    await platform?.close();
  });

  it('delivers every accepted event once after the broker returns', async () => {
    const accepted: string[] = [];
    await stopRabbitMq();
    try {
      for (let index = 0; index < CONTRACTS; index += 1) {
        const { workflowId, accepted: delivered } = await executeContract(platform, `broker outage ${index}`);
        assert.ok(delivered, `the gateway accepted workflow ${workflowId} while the broker was down`);
        accepted.push(workflowId);
      }
    } finally {
      await startRabbitMq();
    }

    const runs = await waitForFinishedRuns(api, CONTRACTS, 90_000);
    assert.equal(runs.length, CONTRACTS);
    assert.deepEqual(runs.map((run) => run.status), runs.map(() => 'completed'));
    const projects = projectsByContract(platform);
    assert.equal(projects.size, CONTRACTS);
    for (const run of runs) assert.equal(projects.get(run.contractId!)?.length, 1, `contract ${run.contractId} has one project`);
    for (const workflowId of accepted) assert.equal(platform.clm.state.findWorkflow(workflowId)?.attributes.throughlineStatus, 'activated');
  });
});
