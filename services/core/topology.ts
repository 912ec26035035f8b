import type { Channel } from 'amqplib';

// The queues of one region's vhost. Every consumer gets a quorum work queue bound to the event
// types it handles, a ladder of retry queues whose messages expire back into the work queue after
// a growing delay, and a parking queue for messages that exhausted their attempts or cannot be
// parsed.
export const EVENTS_EXCHANGE = 'events';

export interface ConsumerTopology {
  queue: string;
  bindings: string[];
}

export const CONSUMERS = {
  orchestrator: {
    queue: 'orchestrator',
    bindings: ['contract.executed'],
  },
} satisfies Record<string, ConsumerTopology>;

// Delays of the retry ladder in milliseconds; attempt n waits RETRY_DELAYS_MS[n - 1], or the
// shortest delay that is at least what the outside system asked for (Retry-After).
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

export function retryQueue(queue: string, attempt: number, minimumDelayMs = 0): string {
  const index = Math.max(0, Math.min(attempt, RETRY_DELAYS_MS.length) - 1);
  const byAttempt = RETRY_DELAYS_MS[index]!;
  const delay = RETRY_DELAYS_MS.find((candidate) => candidate >= Math.max(byAttempt, minimumDelayMs)) ?? RETRY_DELAYS_MS.at(-1)!;
  return `${queue}.retry.${delay}ms`;
}

export function parkingQueue(queue: string): string {
  return `${queue}.parking`;
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
}
