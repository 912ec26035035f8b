import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import { regionModels, type ExternalRefRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { rememberRead, type DeliveryReads } from './flow.ts';

// External references: which id each canonical object has in each outside system, and which run
// and step made the link. Steps look here first, so a retried step reuses what it made before.

export async function findExternalRef(scope: TenantScope, objectType: string, objectId: string, system: ExternalRefRow['system']): Promise<ExternalRefRow | null> {
  return withTenant(scope, (transaction) => readExternalRef(scope, transaction, objectType, objectId, system));
}

async function readExternalRef(scope: TenantScope, transaction: Transaction, objectType: string, objectId: string, system: ExternalRefRow['system']): Promise<ExternalRefRow | null> {
  const row = await regionModels(scope.region).ExternalRef.findOne({ where: { objectType, objectId, system }, transaction });
  return row ? row.get({ plain: true }) : null;
}

// The link read once per delivery, or in the claiming transaction by a prefetch. A link another
// run adds meanwhile is missed, so a step reading it must still look the record up in the outside
// system before it creates one.
export function externalRefFor(reads: DeliveryReads, objectType: string, objectId: string, system: ExternalRefRow['system'], transaction?: Transaction): Promise<ExternalRefRow | null> {
  return rememberRead(reads, `external-ref:${objectType}:${objectId}:${system}`,
    (own) => readExternalRef(reads.scope, own, objectType, objectId, system), transaction);
}

export type NewExternalRef = Omit<ExternalRefRow, 'id' | 'tenantId' | 'createdAt'>;

// Records the link, or points an existing link at the new outside record when the one it named
// was found missing (deleted in the outside system) and made again. One statement either way.
export async function recordExternalRef(scope: TenantScope, transaction: Transaction, ref: NewExternalRef): Promise<void> {
  await regionDatabase(scope.region).query(
    `INSERT INTO external_refs (id, tenant_id, contract_id, object_type, object_id, system, connector_id, external_id, external_url, run_id, step_name)
     VALUES (:id, :tenantId, :contractId, :objectType, :objectId, :system, :connectorId, :externalId, :externalUrl, :runId, :stepName)
     ON CONFLICT (tenant_id, object_type, object_id, system) DO UPDATE
       SET external_id = EXCLUDED.external_id, external_url = EXCLUDED.external_url, connector_id = EXCLUDED.connector_id,
           run_id = EXCLUDED.run_id, step_name = EXCLUDED.step_name
       WHERE external_refs.external_id <> EXCLUDED.external_id`,
    { replacements: { id: randomUUID(), tenantId: scope.tenantId, ...ref }, transaction },
  );
}
