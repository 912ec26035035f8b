import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { GetMessage } from 'amqplib';
import { RegionBroker } from '../../services/core/broker.ts';
import { CONSUMERS, parkingQueue } from '../../services/core/topology.ts';
import type { RunningPlatform } from '../support/platform.ts';
import { eventually } from '../support/platform.ts';
import { executeContract, listRuns, startChaosPlatform, waitForFinishedRuns, type ApiAgent } from './support/activation.ts';

const WORK_QUEUE = CONSUMERS.orchestrator.queue;

// Finds a message in the shared parking queue by message id. Every other message read on the way
// is returned to the queue, because other suites park messages there too.
async function findParked(broker: RegionBroker, messageId: string): Promise<GetMessage | undefined> {
  const channel = await broker.connection.createChannel();
  const seen: GetMessage[] = [];
  try {
    const { messageCount } = await channel.checkQueue(parkingQueue(WORK_QUEUE));
    for (let index = 0; index < messageCount; index += 1) {
      const message = await channel.get(parkingQueue(WORK_QUEUE), { noAck: false });
      if (!message) break;
      if (message.properties.messageId === messageId) {
        channel.ack(message);
        return message;
      }
      seen.push(message);
    }
    return undefined;
  } finally {
    for (const message of seen) channel.nack(message, false, true);
    await channel.close();
  }
}

describe('chaos: duplicates and garbage', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let api: ApiAgent;
  let broker: RegionBroker;

  before(async () => {
    ({ platform, api } = await startChaosPlatform());
    broker = await RegionBroker.connect('eu');
  });

  after(async () => {
    await broker?.close();
    await platform?.close();
  });

  it('makes one run of a webhook delivered five times at once', async () => {
    const { eventId } = await executeContract(platform, 'five deliveries');
    const redeliveries = await Promise.all(Array.from({ length: 5 }, () => fetch(`${platform.clm.url}/_sim/webhooks/${eventId}/redeliver`, { method: 'POST' })));
    assert.deepEqual(redeliveries.map((response) => response.status), [200, 200, 200, 200, 200]);

    await waitForFinishedRuns(api, 1, 30_000);
    await platform.workers[0]!.drainOutbox();
    const runs = await listRuns(api);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.status, 'completed');
    assert.equal(platform.erp.store.list('Project').length, 1);
  });

  it('parks garbage on the work queue and keeps consuming', async () => {
    const garbageId = `garbage-${randomUUID()}`;
    await broker.send(WORK_QUEUE, Buffer.from('{"this is": not json'), { messageId: garbageId, persistent: true });
    const invalidId = randomUUID();
    const invalid = { specversion: '1.0', id: invalidId, source: 'urn:test', type: 'contract.executed', time: new Date().toISOString(), tenant: platform.tenant.tenantId, region: 'eu', data: { origin: 'clm' } };
    await broker.send(WORK_QUEUE, Buffer.from(JSON.stringify(invalid)), { messageId: invalidId, persistent: true });

    const parkedGarbage = await eventually(() => findParked(broker, garbageId), 'the garbage message in the parking queue', 20_000);
    assert.match(String(parkedGarbage.properties.headers?.['x-parked-reason']), /not JSON/);
    const parkedInvalid = await eventually(() => findParked(broker, invalidId), 'the invalid event in the parking queue', 20_000);
    assert.match(String(parkedInvalid.properties.headers?.['x-parked-reason']), /data\.connectorId is not a UUID/);

    await executeContract(platform, 'after garbage');
    const runs = await waitForFinishedRuns(api, 2, 30_000);
    assert.deepEqual(runs.map((run) => run.status), ['completed', 'completed']);
  });
});
