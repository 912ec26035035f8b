import { randomUUID } from 'node:crypto';
import { regionDatabase } from './database.ts';
import { EVENT_SOURCE, type ReconciliationRequestedData } from './events.ts';
import { enqueueEvent } from './outbox.ts';
import { withTenant, type TenantScope } from './tenancy.ts';

// Reconciliation requests come from the gateway (POST /v1/reconciliations) and from the worker's
// schedule, so the one function that writes them lives here, below both.

// Writes a reconciliation request for one tenant: the row and its event commit together. With
// contractIds, the pass compares only those contracts.
export async function requestReconciliation(scope: TenantScope, trigger: 'schedule' | 'api', contractIds?: string[]): Promise<string> {
  const reconciliationId = randomUUID();
  await withTenant(scope, async (transaction) => {
    await regionDatabase(scope.region).query('INSERT INTO reconciliations (id, tenant_id, trigger) VALUES (:reconciliationId, :tenantId, :trigger)',
      { replacements: { reconciliationId, tenantId: scope.tenantId, trigger }, transaction });
    await enqueueEvent<ReconciliationRequestedData>(transaction, {
      type: 'reconciliation.requested', source: trigger === 'api' ? EVENT_SOURCE.gateway : EVENT_SOURCE.worker, subject: reconciliationId,
      tenant: scope.tenantId, region: scope.region, data: { reconciliationId, ...(contractIds ? { contractIds } : {}) },
    });
  });
  return reconciliationId;
}
