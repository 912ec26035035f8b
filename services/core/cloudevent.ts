import { randomUUID } from 'node:crypto';

// The message envelope: CloudEvents 1.0 in structured mode, with the extension attributes
// tenant, region and traceparent that every consumer needs to scope and trace its work.
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  tenant: string;
  region: string;
  traceparent?: string;
  data: T;
}

export const CLOUDEVENT_CONTENT_TYPE = 'application/cloudevents+json';

export interface NewEvent<T> {
  type: string;
  source: string;
  subject?: string;
  tenant: string;
  region: string;
  traceparent?: string;
  data: T;
}

export function cloudEvent<T>(event: NewEvent<T>): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: event.source,
    type: event.type,
    ...(event.subject ? { subject: event.subject } : {}),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    tenant: event.tenant,
    region: event.region,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    data: event.data,
  };
}

const REQUIRED = ['id', 'source', 'type', 'time', 'tenant', 'region'] as const;

// Parses a message body into an envelope, or explains why it is not one. A consumer parks a
// message that fails here instead of retrying it, because no retry can fix it.
export function parseCloudEvent(body: Buffer): CloudEvent | { invalid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { invalid: 'body is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { invalid: 'body is not a JSON object' };
  const event = parsed as Record<string, unknown>;
  if (event.specversion !== '1.0') return { invalid: 'specversion is not 1.0' };
  for (const field of REQUIRED) {
    if (typeof event[field] !== 'string' || event[field] === '') return { invalid: `${field} is missing or not a string` };
  }
  if (!('data' in event)) return { invalid: 'data is missing' };
  return event as unknown as CloudEvent;
}
