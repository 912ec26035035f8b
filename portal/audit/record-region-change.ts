import type { Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';
import type { Actor } from '../actions/actor.ts';

// Writes the region's data audit record of an admin change, inside the region transaction that
// makes the change. Its "at" column takes the database default, the transaction's time.
export async function recordRegionChange(
  region: string,
  transaction: Transaction,
  actor: Actor,
  change: { tenantId: string; operation: string; objectType: string; objectId: string },
): Promise<void> {
  await regionDatabase(region).query(
    `INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
     VALUES (:tenantId, :actor, :operation, :objectType, :objectId, :requestId)`,
    { replacements: { ...change, actor: actor.email, requestId: actor.requestId }, transaction },
  );
}
