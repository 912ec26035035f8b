import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import { decryptSecret } from '../core/crypto.ts';
import type { CloudEvent } from '../core/cloudevent.ts';
import type { PartnerDeliveryResendData } from '../core/events.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { sendPartnerMessage } from '../connectors/webhooks/partner-sender.ts';
import { PARTNER_DELIVERIES_HEADER } from '../core/topology.ts';
import { MAX_ATTEMPTS, type Delivery, type Handler, type Outcome } from './queue-consumer.ts';

// Delivers the events partners subscribed to. A trigger on the outbox makes one delivery row per
// subscribed endpoint as the event is written, and the relay's header marks whether any is pending,
// so an event that no partner subscribed to costs no transaction here. A failed send leaves the
// row pending and the message goes back through the retry queues, whose delays grow, so the next
// attempt sends only what is still pending. When the attempts run out the row is marked failed,
// and an admin can resend it from the delivery log.

interface DeliveryRow {
  id: string;
  endpointId: string;
  url: string;
  secretEncrypted: string;
  eventType: string;
  payload: { occurredAt: string; data: unknown };
  status: string;
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", e.url, e.secret_encrypted AS "secretEncrypted", d.event_type AS "eventType", d.payload, d.status`;

function query<Row extends object>(scope: TenantScope, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return regionDatabase(scope.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

const PENDING_ROWS = `SELECT id, endpoint_id, event_type, payload, status, created_at FROM partner_deliveries
  WHERE event_id = :eventId AND status = 'pending'`;

// The rows of an event for every active endpoint subscribed to its type, made unless they exist.
const MAKE_MISSING_ROWS = `INSERT INTO partner_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
  SELECT gen_random_uuid(), tenant_id, id, :eventId, :eventType, :payload FROM partner_endpoints
  WHERE tenant_id = :tenantId AND status = 'active' AND :eventType = ANY (event_types)
  ON CONFLICT (endpoint_id, event_id) DO NOTHING
  RETURNING id, endpoint_id, event_type, payload, status, created_at`;

// Returns the event's deliveries not sent yet, oldest first. The outbox trigger made them when the
// event was written. For a message from an earlier release, written before the trigger existed,
// the same statement makes them first. The rows made now come from RETURNING, and those of an
// earlier attempt from the table, which the statement reads as it was before.
async function pendingDeliveries(scope: TenantScope, event: CloudEvent, makeMissing: boolean): Promise<DeliveryRow[]> {
  const rows = makeMissing ? `SELECT * FROM made UNION ALL ${PENDING_ROWS}` : PENDING_ROWS;
  return withTenant(scope, (transaction) => query<DeliveryRow>(scope, transaction,
    `${makeMissing ? `WITH made AS (${MAKE_MISSING_ROWS})` : ''}
     SELECT ${DELIVERY_COLUMNS} FROM (${rows}) AS d JOIN partner_endpoints e ON e.id = d.endpoint_id
     ORDER BY d.created_at`,
    { eventId: event.id, eventType: event.type, tenantId: scope.tenantId, payload: JSON.stringify({ occurredAt: event.time, data: event.data }) }));
}

// Sends one delivery and records the attempt. Returns whether it was delivered.
export async function attemptDelivery(scope: TenantScope, delivery: DeliveryRow, finalAttempt: boolean): Promise<boolean> {
  const outcome = await sendPartnerMessage({
    url: delivery.url,
    secret: decryptSecret(delivery.secretEncrypted, delivery.endpointId),
    messageId: `msg_${delivery.id}`,
    type: delivery.eventType,
    occurredAt: delivery.payload.occurredAt,
    data: delivery.payload.data,
  });
  let status = 'pending';
  if (outcome.delivered) status = 'delivered';
  else if (finalAttempt) status = 'failed';
  await withTenant(scope, (transaction) => regionDatabase(scope.region).query(
    `UPDATE partner_deliveries SET status = :status, attempts = attempts + 1, last_status = :lastStatus, last_error = :lastError,
       last_attempt_at = now(), delivered_at = CASE WHEN :status = 'delivered' THEN now() ELSE delivered_at END WHERE id = :id`,
    { replacements: { status, lastStatus: outcome.status ?? null, lastError: outcome.delivered ? null : outcome.error, id: delivery.id }, transaction }));
  return outcome.delivered;
}

async function deliverEvent({ event, attempt, log, headers }: Delivery, scope: TenantScope): Promise<Outcome> {
  // The relay's mark follows the rows the trigger made, so a marked event gets exactly those.
  const marked = headers?.[PARTNER_DELIVERIES_HEADER];
  if (marked === 'none') return { kind: 'done' };
  const pending = await pendingDeliveries(scope, event, marked === undefined);
  const finalAttempt = attempt >= MAX_ATTEMPTS;
  let failed = 0;
  for (const delivery of pending) {
    const delivered = await attemptDelivery(scope, delivery, finalAttempt);
    if (!delivered) failed += 1;
    log.info({ deliveryId: delivery.id, endpointId: delivery.endpointId, delivered, attempt }, delivered ? 'partner delivery sent' : 'partner delivery failed');
  }
  if (failed === 0 || finalAttempt) return { kind: 'done' };
  return { kind: 'retry', reason: `${failed} partner deliveries failed` };
}

async function resendDelivery({ event, log }: Delivery, scope: TenantScope): Promise<Outcome> {
  const { deliveryId } = event.data as PartnerDeliveryResendData;
  const [delivery] = await withTenant(scope, (transaction) => query<DeliveryRow>(scope, transaction,
    `SELECT ${DELIVERY_COLUMNS} FROM partner_deliveries d JOIN partner_endpoints e ON e.id = d.endpoint_id WHERE d.id = :deliveryId`, { deliveryId }));
  if (!delivery) return { kind: 'park', reason: `partner delivery ${deliveryId} does not exist for tenant ${scope.tenantId}` };
  // A resend is one attempt: its outcome is recorded, and failing again waits for the admin.
  const delivered = await attemptDelivery(scope, delivery, true);
  log.info({ deliveryId, endpointId: delivery.endpointId, delivered }, 'partner delivery resent');
  return { kind: 'done' };
}

export function createPartnerDeliveryHandler(region: string): Handler {
  return async (delivery) => {
    const { event } = delivery;
    if (event.region !== region) return { kind: 'park', reason: `event for region ${event.region} reached the ${region} worker` };
    const scope = { tenantId: event.tenant, region };
    if (event.type === 'partner-delivery.resend-requested') return resendDelivery(delivery, scope);
    return deliverEvent(delivery, scope);
  };
}

