import type { Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';

// The inbox: which message ids each consumer has finished. A consumer checks it before work and
// writes it in the same transaction as its last state change, so a redelivered message that was
// already handled is acknowledged without a second effect.

export async function alreadyHandled(scope: TenantScope, consumer: string, messageId: string): Promise<boolean> {
  return withTenant(scope, async (transaction) => {
    const [rows] = await regionDatabase(scope.region).query(
      'SELECT 1 FROM inbox WHERE consumer = :consumer AND message_id = :messageId',
      { replacements: { consumer, messageId }, transaction },
    );
    return rows.length > 0;
  });
}

export async function recordHandled(scope: TenantScope, consumer: string, messageId: string, transaction: Transaction): Promise<void> {
  await regionDatabase(scope.region).query(
    `INSERT INTO inbox (consumer, message_id, tenant_id) VALUES (:consumer, :messageId, :tenantId)
     ON CONFLICT (consumer, message_id) DO NOTHING`,
    { replacements: { consumer, messageId, tenantId: scope.tenantId }, transaction },
  );
}
