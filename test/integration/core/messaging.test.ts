import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { RegionBroker } from '../../../services/core/broker.ts';
import { cloudEvent, type CloudEvent } from '../../../services/core/cloudevent.ts';
import { systemDatabase } from '../../../services/core/database.ts';
import { enqueueEvent } from '../../../services/core/outbox.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { consumerQueueNames, declareConsumerQueues, EVENTS_EXCHANGE, PARTNER_DELIVERIES_HEADER, parkingQueue } from '../../../services/core/topology.ts';
import { OutboxRelay, RELAY_LOCK_KEY } from '../../../services/workers/outbox-relay.ts';
import { QueueConsumer, type Delivery, type Outcome } from '../../../services/workers/queue-consumer.ts';
import { createTenant } from '../../support/factories.ts';
import { eventually } from '../../support/eventually.ts';

const region = 'eu';

describe('messaging', () => {
  let broker: RegionBroker;
  let tenantId: string;

  before(async () => {
    broker = await RegionBroker.connect(region);
    tenantId = (await createTenant({ region })).id;
  });

  after(async () => {
    await broker.close();
  });

  describe('outbox relay', () => {
    it('publishes an outbox event with its id and stamps it sent', async () => {
      const eventType = `test.relay.${randomUUID().slice(0, 8)}`;
      const { queue } = await broker.publisher.assertQueue('', { exclusive: true });
      await broker.publisher.bindQueue(queue, EVENTS_EXCHANGE, eventType);

      const envelope = await withTenant({ tenantId, region }, (transaction) =>
        enqueueEvent(transaction, { type: eventType, source: 'urn:test', tenant: tenantId, region, data: { ping: 1 } }));
      const relay = new OutboxRelay(region, () => broker);
      assert.ok((await relay.drain()) >= 1);

      const message = await eventually(async () => (await broker.publisher.get(queue, { noAck: true })) || undefined, 'the relayed message');
      assert.equal(message.properties.messageId, envelope.id);
      assert.equal((JSON.parse(message.content.toString()) as CloudEvent).tenant, tenantId);

      const [row] = await systemDatabase(region).query<{ published_at: Date | null }>(
        'SELECT published_at FROM outbox WHERE id = :id', { replacements: { id: envelope.id }, type: QueryTypes.SELECT });
      assert.ok(row?.published_at);
    });

    it('marks whether an event has partner deliveries', async () => {
      const eventType = `test.partners.${randomUUID().slice(0, 8)}`;
      const { queue } = await broker.publisher.assertQueue('', { exclusive: true });
      await broker.publisher.bindQueue(queue, EVENTS_EXCHANGE, eventType);
      const enqueue = () => withTenant({ tenantId, region }, (transaction) =>
        enqueueEvent(transaction, { type: eventType, source: 'urn:test', tenant: tenantId, region, data: { ping: 1 } }));
      const deliveriesOf = async (eventId: string) => (await systemDatabase(region).query(
        'SELECT 1 FROM partner_deliveries WHERE event_id = :eventId', { replacements: { eventId }, type: QueryTypes.SELECT })).length;
      const relayed = async () => {
        await new OutboxRelay(region, () => broker).drain();
        return eventually(async () => (await broker.publisher.get(queue, { noAck: true })) || undefined, 'the relayed message');
      };

      const unsubscribed = await enqueue();
      assert.equal(await deliveriesOf(unsubscribed.id), 0);
      assert.equal((await relayed()).properties.headers?.[PARTNER_DELIVERIES_HEADER], 'none');

      await systemDatabase(region).query(
        `INSERT INTO partner_endpoints (id, tenant_id, url, event_types, secret_encrypted) VALUES (:id, :tenantId, 'http://127.0.0.1:9/events', ARRAY[:eventType], 'sealed')`,
        { replacements: { id: randomUUID(), tenantId, eventType } });
      const subscribed = await enqueue();
      assert.equal(await deliveriesOf(subscribed.id), 1, 'the outbox trigger makes the delivery with the event');
      const message = await relayed();
      assert.equal(message.properties.messageId, subscribed.id);
      assert.equal(message.properties.headers?.[PARTNER_DELIVERIES_HEADER], 'pending');
    });

    it('publishes nothing while another relay holds the lock', async () => {
      const envelope = await withTenant({ tenantId, region }, (transaction) =>
        enqueueEvent(transaction, { type: 'test.locked', source: 'urn:test', tenant: tenantId, region, data: {} }));
      const relay = new OutboxRelay(region, () => broker);
      const database = systemDatabase(region);

      await database.transaction(async (transaction) => {
        await database.query('SELECT pg_advisory_xact_lock(:key)', { replacements: { key: RELAY_LOCK_KEY }, transaction });
        assert.equal(await relay.drain(), 0);
      });
      assert.ok((await relay.drain()) >= 1);
      const [row] = await database.query<{ published_at: Date | null }>(
        'SELECT published_at FROM outbox WHERE id = :id', { replacements: { id: envelope.id }, type: QueryTypes.SELECT });
      assert.ok(row?.published_at);
    });

    it('leaves an event unsent while the broker is unavailable', async () => {
      const envelope = await withTenant({ tenantId, region }, (transaction) =>
        enqueueEvent(transaction, { type: 'test.unrouted', source: 'urn:test', tenant: tenantId, region, data: {} }));
      const relay = new OutboxRelay(region, () => undefined);
      assert.equal(await relay.drain(), 0);
      const [row] = await systemDatabase(region).query<{ published_at: Date | null }>(
        'SELECT published_at FROM outbox WHERE id = :id', { replacements: { id: envelope.id }, type: QueryTypes.SELECT });
      assert.equal(row?.published_at, null);
      await new OutboxRelay(region, () => broker).drain();
    });
  });

  describe('queue consumer', () => {
    const queue = `test-consumer-${randomUUID().slice(0, 8)}`;
    const outcomes: Outcome[] = [];
    const seen: Delivery[] = [];
    let consumer: QueueConsumer;

    before(async () => {
      await declareConsumerQueues(broker.publisher, { queue, bindings: [] });
      consumer = new QueueConsumer(broker, queue, async (delivery) => {
        seen.push(delivery);
        return outcomes.shift() ?? { kind: 'done' };
      }, 4);
      await consumer.start();
    });

    after(async () => {
      await consumer.stop(1_000);
      for (const name of consumerQueueNames(queue)) await broker.publisher.deleteQueue(name);
    });

    it('parks a message that is not a CloudEvent and keeps consuming', async () => {
      broker.publisher.sendToQueue(queue, Buffer.from('not json at all'), { messageId: 'garbage-1' });
      const parked = await eventually(async () => (await broker.publisher.get(parkingQueue(queue), { noAck: true })) || undefined, 'the parked message');
      assert.equal(parked.content.toString(), 'not json at all');
      assert.match(String(parked.properties.headers?.['x-parked-reason']), /body is not JSON/);

      const event = cloudEvent({ type: 'test.after-garbage', source: 'urn:test', tenant: tenantId, region, data: {} });
      await broker.publish('', queue, event);
      await eventually(async () => (seen.some((delivery) => delivery.event.id === event.id) ? true : undefined), 'the next message to be handled');
    });

    it('parks a message when the handler says so, with the reason', async () => {
      outcomes.push({ kind: 'park', reason: 'mapping failed on counterpartyCountry' });
      const event = cloudEvent({ type: 'test.park', source: 'urn:test', tenant: tenantId, region, data: {} });
      await broker.publish('', queue, event);
      const parked = await eventually(async () => (await broker.publisher.get(parkingQueue(queue), { noAck: true })) || undefined, 'the parked message');
      assert.equal(parked.properties.messageId, event.id);
      assert.equal(parked.properties.headers?.['x-parked-reason'], 'mapping failed on counterpartyCountry');
    });

    it('redelivers a retried message through the delay queue with the next attempt number', async function () {
      this.timeout(15_000);
      outcomes.push({ kind: 'retry', reason: 'ERP answered 503' });
      const event = cloudEvent({ type: 'test.retry', source: 'urn:test', tenant: tenantId, region, data: {} });
      await broker.publish('', queue, event);
      const second = await eventually(async () => seen.find((delivery) => delivery.event.id === event.id && delivery.attempt === 2), 'the second attempt');
      assert.equal(second.event.type, 'test.retry');
    });
  });

  describe('stopping', () => {
    const queue = `test-stop-${randomUUID().slice(0, 8)}`;

    after(async () => {
      for (const name of consumerQueueNames(queue)) await broker.publisher.deleteQueue(name);
    });

    it('returns waiting messages before running ones finish', async () => {
      await declareConsumerQueues(broker.publisher, { queue, bindings: [] });
      const first = cloudEvent({ type: 'test.stop', source: 'urn:test', tenant: tenantId, region, data: {} });
      const second = cloudEvent({ type: 'test.stop', source: 'urn:test', tenant: tenantId, region, data: {} });
      await broker.publish('', queue, first);
      await broker.publish('', queue, second);
      let finish: () => void = () => undefined;
      const started: string[] = [];
      const consumer = new QueueConsumer(broker, queue, async ({ event }) => {
        started.push(event.id);
        await new Promise<void>((resolve) => { finish = resolve; });
        return { kind: 'done' };
      }, 4, { concurrency: 1 });
      await consumer.start();
      await eventually(async () => (started.length === 1 ? true : undefined), 'the first handler to start');

      const stopped = consumer.stop(5_000);
      const returned = await eventually(async () => (await broker.publisher.get(queue, { noAck: true })) || undefined, 'the waiting message back on its queue');
      finish();
      await stopped;

      assert.deepEqual(started, [first.id]);
      assert.equal(returned.properties.messageId, second.id);
    });
  });
});
