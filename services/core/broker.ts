import amqp, { type ChannelModel, type ConfirmChannel, type Options } from 'amqplib';
import { regionConfig } from './config.ts';
import { logger } from './logger.ts';
import { declareTopology } from './topology.ts';
import { CLOUDEVENT_CONTENT_TYPE, type CloudEvent } from './cloudevent.ts';

const log = logger('broker');

// A connection to one region's vhost with a confirm channel for publishing. Publishing waits for
// the broker's confirm, so a caller that marks an event sent after publish() returns never marks
// one the broker did not take.
export class RegionBroker {
  // Messages this process has had confirmed by any broker since it started; benchmarks read it.
  static publishedMessages = 0;
  readonly region: string;
  readonly connection: ChannelModel;
  readonly publisher: ConfirmChannel;

  private constructor(region: string, connection: ChannelModel, publisher: ConfirmChannel) {
    this.region = region;
    this.connection = connection;
    this.publisher = publisher;
  }

  static async connect(region: string): Promise<RegionBroker> {
    const { amqpUrl } = regionConfig(region);
    const connection = await amqp.connect(amqpUrl, { clientProperties: { connection_name: `throughline-${process.env.THROUGHLINE_PROCESS ?? 'process'}-${region}` } });
    const publisher = await connection.createConfirmChannel();
    await declareTopology(publisher);
    log.debug({ region }, 'connected to broker and declared topology');
    return new RegionBroker(region, connection, publisher);
  }

  // Publishes to an exchange (by routing key) or, with exchange '', straight to a queue.
  async publish(exchange: string, routingKey: string, event: CloudEvent, headers: Record<string, unknown> = {}): Promise<void> {
    const body = Buffer.from(JSON.stringify(event));
    await new Promise<void>((resolve, reject) => {
      this.publisher.publish(
        exchange,
        routingKey,
        body,
        {
          persistent: true,
          contentType: CLOUDEVENT_CONTENT_TYPE,
          messageId: event.id,
          type: event.type,
          timestamp: Math.floor(Date.parse(event.time) / 1000),
          headers: { tenant: event.tenant, ...(event.traceparent ? { traceparent: event.traceparent } : {}), ...headers },
        },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    RegionBroker.publishedMessages += 1;
  }

  // Sends a message body unchanged to a queue and waits for the confirm. Consumers use it to move a
  // delivery (to a retry, overflow or parking queue) with its original properties and new headers.
  async send(queue: string, content: Buffer, properties: Options.Publish): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.publisher.sendToQueue(queue, content, properties, (error) => (error ? reject(error) : resolve()));
    });
    RegionBroker.publishedMessages += 1;
  }

  async close(): Promise<void> {
    try {
      await this.connection.close();
    } catch (error) {
      log.debug({ err: error, region: this.region }, 'broker connection was already closed');
    }
  }
}
