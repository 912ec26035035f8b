import { controlDatabase } from '../../services/core/database.ts';
import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

// Disables the tenant's API client for good. The gateway's token endpoint rejects it at once, and
// tokens already issued stop working within the gateway's client-standing cache period.
// Returns false when the tenant has no such client or it was already revoked.
export async function revokeApiClient(tenant: Tenant, clientId: string, actor: Actor): Promise<boolean> {
  const { ApiClient } = controlModels();
  return controlDatabase().transaction(async (transaction) => {
    const client = await ApiClient.findOne({ where: { clientId, tenantId: tenant.id }, transaction, lock: transaction.LOCK.UPDATE });
    if (!client || client.status !== 'active') return false;

    await client.update({ status: 'disabled', updatedAt: new Date() }, { transaction });
    await recordChange(actor, {
      action: 'api-client.revoke',
      objectType: 'api-client',
      objectId: clientId,
      tenantId: tenant.id,
      before: { status: 'active' },
      after: { status: 'disabled' },
    }, transaction);
    return true;
  });
}
