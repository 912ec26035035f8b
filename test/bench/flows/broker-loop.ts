import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { RegionBroker } from '../../../services/core/broker.ts';
import { cloudEvent } from '../../../services/core/cloudevent.ts';

// The broker's own ceiling for our message pattern: persistent messages published to a quorum
// queue with publisher confirms, in batches as the outbox relay sends them, and consumed with
// a prefetch and one acknowledgement each, as the orchestrator does. Returns messages per second
// from the first publish to the last acknowledgement. The queue is deleted afterwards.
const BATCH = 200;
const PREFETCH = 16;

export async function measureBrokerLoop(region: string, count: number): Promise<number> {
  const broker = await RegionBroker.connect(region);
  const queue = `bench-loop-${randomUUID().slice(0, 8)}`;
  const consumer = await broker.connection.createChannel();
  try {
    await broker.publisher.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await consumer.prefetch(PREFETCH);
    let consumed = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.consume(queue, (message: ConsumeMessage | null) => {
        if (!message) return;
        consumer.ack(message);
        consumed += 1;
        if (consumed === count) resolve();
      });
    });

    const started = performance.now();
    for (let sent = 0; sent < count; sent += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - sent) }, () =>
        cloudEvent({ type: 'bench.loop', source: 'urn:throughline:bench', tenant: randomUUID(), region, data: { padding: 'x'.repeat(400) } }));
      await Promise.all(batch.map((event) => broker.publish('', queue, event)));
    }
    await done;
    return count / ((performance.now() - started) / 1000);
  } finally {
    await consumer.close().catch(() => undefined);
    await broker.publisher.deleteQueue(queue).catch(() => undefined);
    await broker.close();
  }
}
