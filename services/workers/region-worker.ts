import type { Logger } from 'pino';
import { config } from '../core/config.ts';
import { logger } from '../core/logger.ts';
import { RegionBroker } from '../core/broker.ts';
import { CONSUMERS } from '../core/topology.ts';
import { createPartnerDeliveryHandler } from './partner-deliveries.ts';
import { ReconciliationSchedule } from './reconciliation-schedule.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { QueueConsumer } from './queue-consumer.ts';
import { createOrchestrator } from './orchestrator.ts';
import { DatabaseProbe } from './database-probe.ts';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

// Pool connections kept free of handlers: run lease renewals and short reads run beside a handler's
// own connection, and the region pool may also serve other code in the same process.
const POOL_RESERVE = 2;

// Handlers run at once: as many as the region pool can serve, so load beyond it waits as
// unacknowledged messages (back-pressure) instead of as pool acquire timeouts. A worker that shares
// its process with other pool users (tests, development) should raise DATABASE_POOL_MAX to match.
export function handlerConcurrency(poolMax: number): number {
  return Math.max(1, poolMax - POOL_RESERVE);
}

// Per-tenant limit: one tenant may have half of the handler slots' worth of work queue messages in
// flight, and its further messages wait in the overflow queue. That queue's prefetch covers every
// slot, so a tenant alone on the worker still uses all of them. Waiters from the work queue take
// each freed slot before waiters from the overflow queue, so another tenant's message starts at
// the next free slot.
function fairShare(concurrency: number): { tenantLimit: number; overflowPrefetch: number } {
  return { tenantLimit: Math.max(1, Math.ceil(concurrency / 2)), overflowPrefetch: concurrency };
}

// Everything one region's worker runs: the outbox relay and the orchestrator's consumer, over one
// broker connection. Lifecycle (start, stop) and recovery (reconnect with backoff after the broker
// goes away) live here; the work itself lives in the relay and the orchestrator.
export class RegionWorker {
  private readonly log: Logger;
  private broker: RegionBroker | undefined;
  private consumer: QueueConsumer | undefined;
  // Sends the events partners subscribed to; separate from the orchestrator so a slow partner
  // endpoint never holds up a flow.
  private partnerConsumer: QueueConsumer | undefined;
  private readonly relay: OutboxRelay;
  private readonly database: DatabaseProbe;
  // Requests a reconciliation of each tenant's active contracts every interval.
  readonly reconciliations: ReconciliationSchedule;
  private stopping = false;
  private reconnectDelay = RECONNECT_MIN_MS;

  constructor(readonly region: string) {
    this.log = logger('region-worker', { region });
    this.relay = new OutboxRelay(region, () => this.broker);
    this.database = new DatabaseProbe(region, this.log);
    this.reconciliations = new ReconciliationSchedule(region);
  }

  get ready(): boolean {
    return this.broker !== undefined && this.consumer !== undefined && this.database.healthy;
  }

  get publishedEvents(): number {
    return this.relay.published;
  }

  async start(): Promise<void> {
    this.database.start();
    this.reconciliations.start();
    await this.relay.start();
    await this.connect();
  }

  // Graceful stop: no new messages, in-flight steps get until the deadline, then connections close.
  async stop(deadlineMs = 10_000): Promise<void> {
    this.stopping = true;
    this.database.stop();
    this.reconciliations.stop();
    // Both consumers stop taking messages at once and share one deadline.
    await Promise.all([this.consumer?.stop(deadlineMs), this.partnerConsumer?.stop(deadlineMs)]);
    await this.relay.stop();
    await this.broker?.close();
    this.consumer = undefined;
    this.broker = undefined;
    this.log.info('region worker stopped');
  }

  // Publishes pending outbox rows at once; tests and benchmarks use it to avoid waiting for a wake-up.
  async drainOutbox(): Promise<number> {
    return this.relay.drain();
  }

  private async connect(): Promise<void> {
    const { prefetch } = config().amqp;
    const concurrency = handlerConcurrency(config().database.poolMax);
    // NOTE: each consumer gets the whole limit, so with both saturated the pool can still run out.
    // The handlers then defer their messages (see back-pressure.ts) instead of failing them.
    const options = { fairness: fairShare(concurrency), concurrency };
    try {
      const broker = await RegionBroker.connect(this.region);
      broker.connection.on('close', () => this.onConnectionLost());
      broker.connection.on('error', (error: Error) => this.log.warn({ err: error }, 'broker connection error'));
      const consumer = new QueueConsumer(broker, CONSUMERS.orchestrator.queue, createOrchestrator(this.region), prefetch, options);
      await consumer.start();
      const partnerConsumer = new QueueConsumer(broker, CONSUMERS.partnerDeliveries.queue, createPartnerDeliveryHandler(this.region), prefetch, options);
      await partnerConsumer.start();
      this.broker = broker;
      this.consumer = consumer;
      this.partnerConsumer = partnerConsumer;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.log.info('region worker connected and consuming');
    } catch (error) {
      this.log.warn({ err: error, retryInMs: this.reconnectDelay }, 'failed to connect to the broker; retrying');
      this.scheduleReconnect();
    }
  }

  private onConnectionLost(): void {
    if (this.stopping) return;
    this.log.warn('lost the broker connection; not ready until it is back');
    this.broker = undefined;
    this.consumer = undefined;
    this.partnerConsumer = undefined;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    setTimeout(() => void this.connect(), delay + Math.random() * delay * 0.2).unref();
  }
}
