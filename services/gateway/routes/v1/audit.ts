import type { Transaction } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import type { ApiRequest } from '../route-table.ts';

export interface AuditedWrite {
  operation: 'create' | 'update' | 'delete';
  objectType: string;
  objectId: string;
}

// Records who changed what, in the transaction of the change, so a committed write always has
// its audit row and a rolled-back one never does.
// NOTE: plain SQL because the AuditRecord model maps `at` to a created_at column that audit_log
// lacks: the region models share one attribute object for their timestamp columns.
export async function recordWrite(transaction: Transaction, request: ApiRequest, write: AuditedWrite): Promise<void> {
  const { tenantId, region, clientId } = request.principal;
  await regionDatabase(region).query(
    `INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
     VALUES (:tenantId, :actor, :operation, :objectType, :objectId, :requestId)`,
    {
      replacements: { tenantId, actor: clientId, operation: write.operation, objectType: write.objectType, objectId: write.objectId, requestId: request.requestId },
      transaction,
    },
  );
}
