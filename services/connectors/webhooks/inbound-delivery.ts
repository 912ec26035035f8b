import type { InboundTriggerType } from '../../core/events.ts';

// What a source system's webhook driver makes of one delivery: the check of its signature, and
// the event the delivery starts, if any. The gateway stores every verified delivery and writes
// the trigger event to the outbox in the same transaction.

export interface HeaderReader {
  get(name: string): string | undefined;
}

export type Verification = { valid: true; eventId: string } | { valid: false; reason: string };

export interface InboundTrigger {
  type: InboundTriggerType;
  // The outside id the event is about (workflow or story id), used as the CloudEvents subject.
  subject: string;
  // Event data without connectorId and inboundEventId, which the gateway adds.
  data: Record<string, unknown>;
}

export interface InboundDelivery {
  eventType: string;
  payload: Record<string, unknown>;
  trigger?: InboundTrigger;
}

export interface InboundWebhookDriver {
  verify(headers: HeaderReader, rawBody: Buffer, key: string): Verification;
  // Reads the verified body, or returns why it is malformed (a 400 for the sender).
  read(payload: Record<string, unknown>): InboundDelivery | { invalid: string };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
