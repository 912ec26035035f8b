import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import type { ContractExecutedData } from '../../core/events.ts';
import { EVENT_SOURCE } from '../../core/events.ts';
import { enqueueEvent } from '../../core/outbox.ts';
import { withTenant } from '../../core/tenancy.ts';
import type { WebhookSource } from './webhook-source.ts';

export interface VerifiedDelivery {
  externalEventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  // The CLM workflow that completed, present only for workflow_completed events.
  workflowId: string | undefined;
  traceparent: string | undefined;
}

export type DeliveryOutcome =
  | { status: 'accepted'; inboundEventId: string; outboxEventId: string }
  | { status: 'ignored'; inboundEventId: string }
  | { status: 'duplicate' };

// The Ironclad event that means a contract was signed and its workflow finished.
export const WORKFLOW_COMPLETED = 'workflow_completed';

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

// Stores a verified delivery and, for a completed workflow, the contract.executed event, in one
// transaction: both exist or neither does.
export async function recordDelivery(source: WebhookSource, delivery: VerifiedDelivery): Promise<DeliveryOutcome> {
  return withTenant({ tenantId: source.tenantId, region: source.region }, async (transaction) => {
    const inboundEventId = await insertInboundEvent(source, delivery, transaction);
    if (!inboundEventId) return { status: 'duplicate' };
    if (delivery.eventType !== WORKFLOW_COMPLETED || !delivery.workflowId) return { status: 'ignored', inboundEventId };

    const event = await enqueueEvent<ContractExecutedData>(transaction, {
      type: 'contract.executed',
      source: EVENT_SOURCE.gateway,
      subject: delivery.workflowId,
      tenant: source.tenantId,
      region: source.region,
      ...(delivery.traceparent ? { traceparent: delivery.traceparent } : {}),
      data: { origin: 'clm', connectorId: source.connectorId, workflowId: delivery.workflowId, inboundEventId },
    });
    return { status: 'accepted', inboundEventId, outboxEventId: event.id };
  });
}
