import type { Transaction } from 'sequelize';
import { regionDatabase } from './database.ts';
import { cloudEvent, type CloudEvent, type NewEvent } from './cloudevent.ts';

// The outbox columns an event fills, in the order of outboxValues.
export const OUTBOX_COLUMNS = 'id, tenant_id, event_type, subject, envelope';

// An event's values for OUTBOX_COLUMNS, for a statement that writes the outbox row with other rows.
export function outboxValues(envelope: CloudEvent): [string, string, string, string | null, string] {
  return [envelope.id, envelope.tenant, envelope.type, envelope.subject ?? null, JSON.stringify(envelope)];
}

// Writes an event to the outbox inside the caller's transaction, so the event exists exactly when
// the change that caused it commits. The relay publishes it afterwards.
export async function enqueueEvent<T>(transaction: Transaction, event: NewEvent<T>): Promise<CloudEvent<T>> {
  const envelope = cloudEvent(event);
  await regionDatabase(event.region).query(
    `INSERT INTO outbox (${OUTBOX_COLUMNS})
     VALUES (:id, :tenantId, :type, :subject, :envelope)`,
    {
      replacements: {
        id: envelope.id,
        tenantId: envelope.tenant,
        type: envelope.type,
        subject: envelope.subject ?? null,
        envelope: JSON.stringify(envelope),
      },
      transaction,
    },
  );
  return envelope;
}
