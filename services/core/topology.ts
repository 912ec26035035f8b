import type { Channel } from 'amqplib';

// The queues of one region's vhost. Every consumer gets a quorum work queue bound to the event
// types it handles, a ladder of retry queues whose messages expire back into the work queue after
// a growing delay, a parking queue for messages that exhausted their attempts or cannot be
// parsed, and an overflow queue that holds a flooding tenant's backlog.
export const EVENTS_EXCHANGE = 'events';

export interface ConsumerTopology {
  queue: string;
  bindings: string[];
}

// The orchestrator also takes `workflow.resume-requested`, the command an admin's retry or replay
// writes to the outbox to drive a stopped run again.
export const CONSUMERS = {
  orchestrator: {
    queue: 'orchestrator',
    bindings: ['contract.executed', 'contract.amended', 'milestone.completed', 'reconciliation.requested', 'workflow.resume-requested'],
  },
  // Sends the events partners subscribed to, signed per Standard Webhooks, and admins' resends.
  partnerDeliveries: {
    queue: 'partner-deliveries',
    bindings: ['project.activated', 'invoice.ready', 'partner-delivery.resend-requested'],
  },
} satisfies Record<string, ConsumerTopology>;

// The header in which the outbox relay marks whether an event has partner deliveries pending:
// 'pending' or 'none'. A message without it was published by an earlier release.
export const PARTNER_DELIVERIES_HEADER = 'x-partner-deliveries';

// Delays of the retry ladder in milliseconds: exponential, doubling from one second to about
// eight and a half minutes. Each delay is one queue whose TTL dead-letters back to the work queue.
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000];

// Returns the exponential backoff for a retry attempt (1 for the first retry) with "equal
// jitter": half the step is fixed and half random, so retries of many messages that failed
// together spread out instead of arriving at once.
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const index = Math.max(0, Math.min(attempt, RETRY_DELAYS_MS.length) - 1);
  const step = RETRY_DELAYS_MS[index]!;
  return Math.round(step / 2 + random() * (step / 2));
}

// Returns the delay queue for a wait of delayMs: the shortest one whose TTL is at least that long.
// The message itself carries delayMs as its expiration, so it leaves that queue on time unless a
// message ahead of it expires later, and never later than the queue's TTL.
export function retryQueue(queue: string, delayMs: number): string {
  const delay = RETRY_DELAYS_MS.find((candidate) => candidate >= delayMs) ?? RETRY_DELAYS_MS.at(-1)!;
  return `${queue}.retry.${delay}ms`;
}

export function parkingQueue(queue: string): string {
  return `${queue}.parking`;
}

// Returns the queue a consumer moves a tenant's messages to once that tenant has its share of
// work in flight, so its backlog waits there instead of in front of other tenants' messages.
export function overflowQueue(queue: string): string {
  return `${queue}.overflow`;
}

// Every queue that declareConsumerQueues makes for a consumer, so a caller can remove them all.
export function consumerQueueNames(queue: string): string[] {
  return [queue, ...RETRY_DELAYS_MS.map((delay) => retryQueue(queue, delay)), parkingQueue(queue), overflowQueue(queue)];
}

export async function declareTopology(channel: Channel): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  for (const consumer of Object.values(CONSUMERS)) await declareConsumerQueues(channel, consumer);
}

// Declares one consumer's work queue with its bindings, its retry ladder and its parking queue.
export async function declareConsumerQueues(channel: Channel, consumer: ConsumerTopology): Promise<void> {
  await channel.assertQueue(consumer.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const key of consumer.bindings) await channel.bindQueue(consumer.queue, EVENTS_EXCHANGE, key);

  for (const delay of RETRY_DELAYS_MS) {
    await channel.assertQueue(`${consumer.queue}.retry.${delay}ms`, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': consumer.queue,
      },
    });
  }
  await channel.assertQueue(parkingQueue(consumer.queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(overflowQueue(consumer.queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
}
