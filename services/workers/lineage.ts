import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { regionModels, type ExternalRefRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';

// External references: which id each canonical object has in each outside system, and which run
// and step made the link. Steps look here first, so a retried step reuses what it made before.

export async function findExternalRef(scope: TenantScope, objectType: string, objectId: string, system: ExternalRefRow['system']): Promise<ExternalRefRow | null> {
  return withTenant(scope, async (transaction) => {
    const row = await regionModels(scope.region).ExternalRef.findOne({ where: { objectType, objectId, system }, transaction });
    return row ? row.get({ plain: true }) : null;
  });
}

export type NewExternalRef = Omit<ExternalRefRow, 'id' | 'tenantId' | 'createdAt'>;

// Records the link, or points an existing link at the new outside record when the one it named
// was found missing (deleted in the outside system) and made again.
export async function recordExternalRef(scope: TenantScope, transaction: Transaction, ref: NewExternalRef): Promise<void> {
  const [row, created] = await regionModels(scope.region).ExternalRef.findOrCreate({
    where: { tenantId: scope.tenantId, objectType: ref.objectType, objectId: ref.objectId, system: ref.system },
    defaults: { id: randomUUID(), tenantId: scope.tenantId, ...ref },
    transaction,
  });
  if (!created && row.get({ plain: true }).externalId !== ref.externalId) {
    await row.update({ externalId: ref.externalId, externalUrl: ref.externalUrl, connectorId: ref.connectorId, runId: ref.runId, stepName: ref.stepName }, { transaction });
  }
}
