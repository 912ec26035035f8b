import type { Channel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { logger } from '../core/logger.ts';
import { parseCloudEvent, type CloudEvent } from '../core/cloudevent.ts';
import { backoffDelayMs, overflowQueue, parkingQueue, retryQueue, RETRY_DELAYS_MS } from '../core/topology.ts';
import type { RegionBroker } from '../core/broker.ts';
import { backPressureDelayMs, isPoolExhausted } from './back-pressure.ts';
import { HandlerSlots, type Lane } from './handler-slots.ts';
import { TenantShare } from './tenant-share.ts';

// What a handler decides about one message. The consumer turns each outcome into broker actions:
// done acknowledges; retry sends the message to a delay queue as the next attempt, then
// acknowledges; defer does the same without counting an attempt (the work was not tried, as when
// another consumer holds the run); park moves the message to the parking queue with the reason.
export type Outcome =
  | { kind: 'done' }
  | { kind: 'retry'; reason: string; delayMs?: number }
  | { kind: 'defer'; reason: string; delayMs: number }
  | { kind: 'park'; reason: string };

export interface Delivery {
  event: CloudEvent;
  attempt: number;
  log: Logger;
  // The message's AMQP headers, such as the relay's note on partner deliveries.
  headers?: Record<string, unknown>;
}

export type Handler = (delivery: Delivery) => Promise<Outcome>;

// Deliveries of one message before it is parked: one first try and one per retry delay.
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export interface FairnessOptions {
  // Messages of one tenant handled at once from the work queue; the rest wait in the overflow queue.
  tenantLimit: number;
  // Messages taken at once from the overflow queue, shared by every tenant waiting there.
  overflowPrefetch: number;
}

export interface ConsumerOptions {
  fairness?: FairnessOptions;
  // Handlers run at once, across both lanes; the other prefetched messages wait in this process.
  concurrency?: number;
}

// Wires one work queue of one region to a handler: bounded prefetch, acknowledgement only after
// the handler's work has committed, retries through delay queues rather than in memory, and a
// parking queue for what cannot be handled. With fairness options, a tenant over its limit has its
// messages moved to the overflow queue, which a second channel consumes with its own prefetch.
// With a concurrency limit, handlers wait for a slot instead of crowding the database pool.
export class QueueConsumer {
  private readonly log: Logger;
  private readonly channels: { lane: Lane; channel: Channel; consumerTag: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly share: TenantShare | undefined;
  private readonly slots: HandlerSlots | undefined;
  private readonly fairness: FairnessOptions | undefined;
  private stopping = false;

  constructor(
    private readonly broker: RegionBroker,
    private readonly queue: string,
    private readonly handler: Handler,
    private readonly prefetch: number,
    options: ConsumerOptions = {},
  ) {
    this.log = logger('consumer', { region: broker.region, queue });
    this.fairness = options.fairness;
    this.share = options.fairness ? new TenantShare(options.fairness.tenantLimit) : undefined;
    this.slots = options.concurrency ? new HandlerSlots(options.concurrency) : undefined;
  }

  async start(): Promise<void> {
    await this.consume('work', this.queue, this.prefetch);
    if (this.fairness) await this.consume('overflow', overflowQueue(this.queue), this.fairness.overflowPrefetch);
    this.log.debug({ prefetch: this.prefetch, fairness: this.fairness, concurrency: this.slots?.limit }, 'consuming');
  }

  // Stops taking new messages, then waits for those in flight, up to the deadline. Messages still
  // unacknowledged when the channels close go back to the queue for another worker.
  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    for (const { channel, consumerTag } of this.channels) await channel.cancel(consumerTag).catch(() => undefined);
    this.slots?.close();
    const pending = Promise.allSettled([...this.inFlight]);
    const timeout = new Promise((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([pending, timeout]);
    if (this.inFlight.size > 0) this.log.warn({ inFlight: this.inFlight.size }, 'stopped with messages in flight; they are redelivered to another worker');
    for (const { channel } of this.channels) await channel.close().catch(() => undefined);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  private async consume(lane: Lane, queue: string, prefetch: number): Promise<void> {
    const channel = await this.broker.connection.createChannel();
    await channel.prefetch(prefetch);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return;
      const work = this.handle(lane, channel, message).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
    this.channels.push({ lane, channel, consumerTag });
  }

  private async handle(lane: Lane, channel: Channel, message: ConsumeMessage): Promise<void> {
    const attempt = Number(message.properties.headers?.['x-attempt'] ?? 1);
    const parsed = parseCloudEvent(message.content);
    if ('invalid' in parsed) {
      await this.settleSafely(channel, message, () => this.park(message, `invalid message: ${parsed.invalid}`), this.log);
      return;
    }

    const log = this.log.child({ tenant: parsed.tenant, messageId: parsed.id, eventType: parsed.type, attempt, lane });
    if (lane === 'work' && this.share?.admit(parsed.tenant) === 'overflow') {
      await this.settleSafely(channel, message, () => this.moveToOverflow(message, parsed.tenant, log), log);
      return;
    }

    this.share?.started(parsed.tenant);
    try {
      await this.handleWhenFree(lane, channel, message, { event: parsed, attempt, log, headers: message.properties.headers ?? {} });
    } finally {
      this.share?.finished(parsed.tenant);
      if (lane === 'overflow') this.share?.takenFromOverflow(parsed.tenant);
    }
  }

  // Waits for a handler slot, then runs the handler and settles the message. A message still
  // waiting when the consumer stops was never started, so it goes straight back to the queue,
  // without waiting for the handlers still running.
  private async handleWhenFree(lane: Lane, channel: Channel, message: ConsumeMessage, delivery: Delivery): Promise<void> {
    const acquired = this.slots ? await this.slots.acquire(lane) : true;
    try {
      if (!acquired || this.stopping) {
        this.requeue(channel, message, delivery.log);
        return;
      }
      const outcome = await this.runHandler(delivery);
      await this.settleSafely(channel, message, () => this.settle(message, delivery.attempt, outcome, delivery.log), delivery.log);
    } finally {
      if (acquired) this.slots?.release();
    }
  }

  private async runHandler(delivery: Delivery): Promise<Outcome> {
    const { log } = delivery;
    try {
      return await this.handler(delivery);
    } catch (error) {
      if (isPoolExhausted(error)) {
        const delayMs = backPressureDelayMs();
        log.warn({ err: error, delayMs }, 'database pool exhausted; deferring the message without counting an attempt');
        return { kind: 'defer', reason: 'database pool exhausted', delayMs };
      }
      log.error({ err: error }, 'handler failed unexpectedly; retrying the message');
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  // Runs the broker action for an outcome, then acknowledges. Without the copy the action makes,
  // the message must stay on the queue, so a failed action rejects it for redelivery instead.
  private async settleSafely(channel: Channel, message: ConsumeMessage, action: () => Promise<void>, log: Logger): Promise<void> {
    try {
      await action();
      channel.ack(message);
    } catch (error) {
      log.error({ err: error }, 'failed to settle the message; returning it to the queue');
      try {
        channel.nack(message, false, true);
      } catch (nackError) {
        // The channel is gone with the connection, and the broker requeues the message by itself.
        log.warn({ err: nackError }, 'could not return the message; the broker requeues it when the channel closes');
      }
    }
  }

  private requeue(channel: Channel, message: ConsumeMessage, log: Logger): void {
    try {
      channel.nack(message, false, true);
    } catch (error) {
      log.debug({ err: error }, 'channel already closed; the broker requeues the message by itself');
    }
  }

  private async settle(message: ConsumeMessage, attempt: number, outcome: Outcome, log: Logger): Promise<void> {
    if (outcome.kind === 'done') return;
    if (outcome.kind === 'park') {
      await this.park(message, outcome.reason);
      return;
    }
    if (outcome.kind === 'defer') {
      await this.delay(message, attempt, outcome.delayMs, outcome.reason);
      log.debug({ delayMs: outcome.delayMs, reason: outcome.reason }, 'deferred the message');
      return;
    }
    if (attempt >= MAX_ATTEMPTS) {
      await this.park(message, `attempts exhausted: ${outcome.reason}`);
      return;
    }
    const delayMs = outcome.delayMs ?? backoffDelayMs(attempt);
    await this.delay(message, attempt + 1, delayMs, outcome.reason);
    log.info({ delayMs, nextAttempt: attempt + 1, reason: outcome.reason }, 'scheduled a retry');
  }

  // Sends the message through the delay queue for delayMs; it then dead-letters back to the work queue.
  private async delay(message: ConsumeMessage, nextAttempt: number, delayMs: number, reason: string): Promise<void> {
    await this.broker.send(retryQueue(this.queue, delayMs), message.content, this.copyProperties(message, {
      'x-attempt': nextAttempt,
      'x-last-error': reason.slice(0, 500),
    }, { expiration: String(Math.max(0, Math.round(delayMs))) }));
  }

  private async moveToOverflow(message: ConsumeMessage, tenant: string, log: Logger): Promise<void> {
    const first = !this.share!.overflowing(tenant);
    await this.broker.send(overflowQueue(this.queue), message.content, this.copyProperties(message, {}));
    this.share!.movedToOverflow(tenant);
    if (first) log.info({ tenantLimit: this.fairness!.tenantLimit }, 'tenant reached its share of the worker; its next messages wait in the overflow queue');
  }

  private async park(message: ConsumeMessage, reason: string): Promise<void> {
    await this.broker.send(parkingQueue(this.queue), message.content, this.copyProperties(message, {
      'x-parked-reason': reason.slice(0, 1000),
      'x-parked-at': new Date().toISOString(),
    }));
    this.log.warn({ messageId: message.properties.messageId, reason }, 'parked a message');
  }

  // The original properties with added headers. The expiration that timed a retry is dropped,
  // because it would make the message expire again wherever it goes next.
  private copyProperties(message: ConsumeMessage, headers: Record<string, unknown>, extra: Options.Publish = {}): Options.Publish {
    const { expiration: _expiration, headers: original, ...rest } = message.properties;
    return { ...rest, persistent: true, headers: { ...original, ...headers }, ...extra } as Options.Publish;
  }
}
