import type { Channel, ChannelModel } from 'amqplib';
import amqp from 'amqplib';
import { regionConfig } from '../../../services/core/config.ts';
import { EVENTS_EXCHANGE } from '../../../services/core/topology.ts';

// Records when each contract of one tenant was announced by `project.activated`, through a
// server-named, exclusive queue bound to that event type. The broker deletes the queue when the
// connection closes, so a benchmark leaves nothing behind.
export class ActivationWatch {
  readonly activatedAt = new Map<string, number>();

  private constructor(private readonly connection: ChannelModel, private readonly channel: Channel) {}

  static async open(region: string, tenantId: string): Promise<ActivationWatch> {
    const connection = await amqp.connect(regionConfig(region).amqpUrl);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'project.activated');
    const watch = new ActivationWatch(connection, channel);
    await channel.consume(queue, (message) => {
      if (!message || message.properties.headers?.tenant !== tenantId) return;
      const event = JSON.parse(message.content.toString('utf8')) as { data: { contractId: string } };
      watch.activatedAt.set(event.data.contractId, Date.now());
    }, { noAck: true });
    return watch;
  }

  // Waits until every contract in ids was announced; returns false at the deadline.
  async waitFor(ids: Iterable<string>, timeoutMs: number): Promise<boolean> {
    const wanted = [...ids];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (wanted.every((id) => this.activatedAt.has(id))) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
