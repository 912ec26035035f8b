import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { logger } from '../core/logger.ts';
import { parseCloudEvent, type CloudEvent } from '../core/cloudevent.ts';
import { parkingQueue, retryQueue, RETRY_DELAYS_MS } from '../core/topology.ts';
import type { RegionBroker } from '../core/broker.ts';

// What a handler decides about one message. The consumer turns each outcome into broker actions:
// done acknowledges; retry republishes to the delay queue for the next attempt, then acknowledges;
// park moves the message to the parking queue with the reason, then acknowledges.
export type Outcome =
  | { kind: 'done' }
  | { kind: 'retry'; reason: string; delayMs?: number }
  | { kind: 'park'; reason: string };

export interface Delivery {
  event: CloudEvent;
  attempt: number;
  log: Logger;
}

export type Handler = (delivery: Delivery) => Promise<Outcome>;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

// Wires one work queue of one region to a handler: bounded prefetch, acknowledgement only after
// the handler's work has committed, retries through delay queues rather than in memory, and a
// parking queue for what cannot be handled. Delivery and the handler's job stay in separate parts.
export class QueueConsumer {
  private readonly log: Logger;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly broker: RegionBroker,
    private readonly queue: string,
    private readonly handler: Handler,
    private readonly prefetch: number,
  ) {
    this.log = logger('consumer', { region: broker.region, queue });
  }

  async start(): Promise<void> {
    this.channel = await this.broker.connection.createChannel();
    await this.channel.prefetch(this.prefetch);
    const { consumerTag } = await this.channel.consume(this.queue, (message) => {
      if (!message) return;
      const work = this.handle(message).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
    this.consumerTag = consumerTag;
    this.log.debug({ prefetch: this.prefetch }, 'consuming');
  }

  // Stops taking new messages, then waits for those in flight, up to the deadline.
  async stop(deadlineMs: number): Promise<void> {
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    const pending = Promise.allSettled([...this.inFlight]);
    const timeout = new Promise((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([pending, timeout]);
    if (this.inFlight.size > 0) this.log.warn({ inFlight: this.inFlight.size }, 'stopped with messages in flight; they are redelivered to another worker');
    await this.channel?.close().catch(() => undefined);
  }

  private async handle(message: ConsumeMessage): Promise<void> {
    const channel = this.channel!;
    const attempt = Number(message.properties.headers?.['x-attempt'] ?? 1);
    const parsed = parseCloudEvent(message.content);

    if ('invalid' in parsed) {
      await this.park(message, `invalid message: ${parsed.invalid}`);
      channel.ack(message);
      return;
    }

    const log = this.log.child({ tenant: parsed.tenant, messageId: parsed.id, eventType: parsed.type, attempt });
    let outcome: Outcome;
    try {
      outcome = await this.handler({ event: parsed, attempt, log });
    } catch (error) {
      log.error({ err: error }, 'handler failed unexpectedly; retrying the message');
      outcome = { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }

    try {
      await this.settle(message, parsed, attempt, outcome, log);
      channel.ack(message);
    } catch (error) {
      // Without the retry or parking copy the message must stay on the queue: reject it so the
      // broker redelivers it rather than losing it.
      log.error({ err: error }, 'failed to settle the message; returning it to the queue');
      channel.nack(message, false, true);
    }
  }

  private async settle(message: ConsumeMessage, event: CloudEvent, attempt: number, outcome: Outcome, log: Logger): Promise<void> {
    if (outcome.kind === 'done') return;
    if (outcome.kind === 'park') {
      await this.park(message, outcome.reason);
      return;
    }
    if (attempt >= MAX_ATTEMPTS) {
      await this.park(message, `attempts exhausted: ${outcome.reason}`);
      return;
    }
    const queue = retryQueue(this.queue, attempt, outcome.delayMs);
    await this.broker.publish('', queue, event, { 'x-attempt': attempt + 1, 'x-last-error': outcome.reason.slice(0, 500) });
    log.info({ retryQueue: queue, reason: outcome.reason }, 'scheduled a retry');
  }

  private async park(message: ConsumeMessage, reason: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.broker.publisher.sendToQueue(parkingQueue(this.queue), message.content, {
        ...message.properties,
        headers: { ...message.properties.headers, 'x-parked-reason': reason.slice(0, 1000), 'x-parked-at': new Date().toISOString() },
      }, (error) => (error ? reject(error) : resolve()));
    });
    this.log.warn({ messageId: message.properties.messageId, reason }, 'parked a message');
  }
}
