import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import { EVENT_SOURCE } from '../../core/events.ts';
import type { InboundTrigger } from '../../connectors/webhooks/inbound-delivery.ts';
import { enqueueEvent } from '../../core/outbox.ts';
import { withTenant } from '../../core/tenancy.ts';
import type { WebhookSource } from './webhook-source.ts';

export interface VerifiedDelivery {
  externalEventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  // The platform event the delivery starts, when it starts one.
  trigger: InboundTrigger | undefined;
  traceparent: string | undefined;
}

export type DeliveryOutcome =
  | { status: 'accepted'; inboundEventId: string; outboxEventId: string }
  | { status: 'ignored'; inboundEventId: string }
  | { status: 'duplicate' };

// Inserts the delivery unless its event id was seen before. ON CONFLICT DO NOTHING keeps the
// transaction usable on a replay, where a unique violation would abort it.
async function insertInboundEvent(source: WebhookSource, delivery: VerifiedDelivery, transaction: Transaction): Promise<string | undefined> {
  const rows = await regionDatabase(source.region).query<{ id: string }>(
    `INSERT INTO inbound_events (id, tenant_id, connector_id, external_event_id, event_type, payload)
     VALUES (:id, :tenantId, :connectorId, :externalEventId, :eventType, :payload)
     ON CONFLICT (tenant_id, connector_id, external_event_id) DO NOTHING
     RETURNING id`,
    {
      replacements: {
        id: randomUUID(),
        tenantId: source.tenantId,
        connectorId: source.connectorId,
        externalEventId: delivery.externalEventId,
        eventType: delivery.eventType,
        payload: JSON.stringify(delivery.payload),
      },
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  return rows[0]?.id;
}

// Stores a verified delivery and the event it starts (contract.executed, contract.amended or
// milestone.completed), in one transaction: both exist or neither does.
export async function recordDelivery(source: WebhookSource, delivery: VerifiedDelivery): Promise<DeliveryOutcome> {
  return withTenant({ tenantId: source.tenantId, region: source.region }, async (transaction) => {
    const inboundEventId = await insertInboundEvent(source, delivery, transaction);
    if (!inboundEventId) return { status: 'duplicate' };
    const { trigger } = delivery;
    if (!trigger) return { status: 'ignored', inboundEventId };

    const event = await enqueueEvent(transaction, {
      type: trigger.type,
      source: EVENT_SOURCE.gateway,
      subject: trigger.subject,
      tenant: source.tenantId,
      region: source.region,
      ...(delivery.traceparent ? { traceparent: delivery.traceparent } : {}),
      data: { ...trigger.data, connectorId: source.connectorId, inboundEventId },
    });
    return { status: 'accepted', inboundEventId, outboxEventId: event.id };
  });
}
