import type { Transaction } from 'sequelize';
import { regionModels } from '../../../core/models/region.ts';
import type { ApiRequest } from '../route-table.ts';

export interface AuditedWrite {
  operation: 'create' | 'update' | 'delete';
  objectType: string;
  objectId: string;
}

// Records who changed what, in the transaction of the change, so a committed write always has
// its audit row and a rolled-back one never does.
export async function recordWrite(transaction: Transaction, request: ApiRequest, write: AuditedWrite): Promise<void> {
  const { tenantId, region, clientId } = request.principal;
  await regionModels(region).AuditRecord.create(
    { tenantId, actor: clientId, operation: write.operation, objectType: write.objectType, objectId: write.objectId, requestId: request.requestId },
    { transaction },
  );
}
