import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { RegionBroker } from '../../../services/core/broker.ts';
import { cloudEvent } from '../../../services/core/cloudevent.ts';
import { consumerQueueNames, declareConsumerQueues } from '../../../services/core/topology.ts';
import { HandlerSlots } from '../../../services/workers/handler-slots.ts';
import { QueueConsumer, type Delivery } from '../../../services/workers/queue-consumer.ts';
import { eventually } from '../../support/eventually.ts';

const region = 'eu';

describe('handler slots', () => {
  it('serves work queue waiters first', async () => {
    const slots = new HandlerSlots(1);
    await slots.acquire('work');
    const order: string[] = [];
    const overflow = slots.acquire('overflow').then(() => order.push('overflow'));
    const work = slots.acquire('work').then(() => order.push('work'));

    slots.release();
    await work;
    slots.release();
    await overflow;
    assert.deepEqual(order, ['work', 'overflow']);
    assert.equal(slots.inUse, 1);
  });

  it('rejects a limit below one', () => {
    assert.throws(() => new HandlerSlots(0), /positive integer, got 0/);
  });
});

// A consumer on a queue of its own, four handler slots and a share of two per tenant. Tenant A's
// messages each hold a slot for a while, so without the share tenant B's message, sent after
// twelve of A's, would start only after eight of them.
describe('queue consumer tenant share', () => {
  const queue = `test-share-${randomUUID().slice(0, 8)}`;
  const [tenantA, tenantB] = [randomUUID(), randomUUID()];
  const HOLD_MS = 300;
  const started: Delivery[] = [];
  let broker: RegionBroker;
  let consumer: QueueConsumer;

  before(async () => {
    broker = await RegionBroker.connect(region);
    await declareConsumerQueues(broker.publisher, { queue, bindings: [] });
    consumer = new QueueConsumer(broker, queue, async (delivery) => {
      started.push(delivery);
      if (delivery.event.tenant === tenantA) await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      return { kind: 'done' };
    }, 16, { fairness: { tenantLimit: 2, overflowPrefetch: 4 }, concurrency: 4 });
    await consumer.start();
  });

  after(async () => {
    await consumer.stop(2_000);
    for (const name of consumerQueueNames(queue)) await broker.publisher.deleteQueue(name);
    await broker.close();
  });

  it('starts tenant B at the next free slot', async () => {
    const floodIds: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const event = cloudEvent({ type: 'test.flood', source: 'urn:test', tenant: tenantA, region, data: { index } });
      floodIds.push(event.id);
      await broker.publish('', queue, event);
    }
    const quiet = cloudEvent({ type: 'test.quiet', source: 'urn:test', tenant: tenantB, region, data: {} });
    await broker.publish('', queue, quiet);

    await eventually(async () => (started.length === 13 ? true : undefined), 'every message to be handled', 15_000);
    const quietPosition = started.findIndex((delivery) => delivery.event.id === quiet.id);
    assert.ok(quietPosition <= 4, `tenant B started after at most the four messages of A that held the slots, but ${quietPosition} started first`);
    const aOrder = started.filter((delivery) => delivery.event.tenant === tenantA).map((delivery) => delivery.event.id);
    assert.deepEqual(aOrder, floodIds, "tenant A's messages start once each, in the order they were sent");
  });
});
