import type { Transaction } from 'sequelize';
import { queryPrepared, StatementValues } from '../core/prepared.ts';
import type { TenantScope } from '../core/tenancy.ts';

// The inbox: which message ids each consumer has finished. A consumer checks it before work and
// writes it in the same transaction as its last state change, so a redelivered message that was
// already handled is acknowledged without a second effect.

// The statement that records a message as handled by a consumer, its values added to `values`. A
// record that exists stays as it is. A statement that finishes a run puts this in as a CTE.
export function recordHandledSql(values: StatementValues, scope: TenantScope, consumer: string, messageId: string): string {
  return `INSERT INTO inbox (consumer, message_id, tenant_id) VALUES (${values.add(consumer)}, ${values.add(messageId)}, ${values.add(scope.tenantId)}::uuid)
     ON CONFLICT (consumer, message_id) DO NOTHING`;
}

export async function recordHandled(scope: TenantScope, consumer: string, messageId: string, transaction: Transaction): Promise<void> {
  const values = new StatementValues();
  await queryPrepared(transaction, recordHandledSql(values, scope, consumer, messageId), values.values);
}
