import { controlDatabase } from '../../services/core/database.ts';
import { apiPolicyModels } from '../../services/core/models/api-policy.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VersionLifecycleInput, VersionPolicy } from '../forms/version-policy-form.ts';
import type { Actor } from './actor.ts';

// Saves a tenant's version pinning in its API policy row, keeping the other policy fields. The
// gateway applies it within its policy cache period.
export async function changeVersionPolicy(tenant: Tenant, policy: VersionPolicy, actor: Actor): Promise<void> {
  const { TenantApiPolicy } = apiPolicyModels();
  await controlDatabase().transaction(async (transaction) => {
    const row = await TenantApiPolicy.findByPk(tenant.id, { transaction, lock: transaction.LOCK.UPDATE });
    const before = { pinnedVersion: row?.pinnedVersion ?? null, forbiddenVersions: row?.forbiddenVersions ?? [] };
    if (row) await row.update({ ...policy, updatedAt: new Date() }, { transaction });
    else await TenantApiPolicy.create({ tenantId: tenant.id, tokenLifetimeSeconds: null, ...policy }, { transaction });
    await recordChange(actor, { action: 'tenant.api-versions', objectType: 'tenant', objectId: tenant.id, tenantId: tenant.id, before, after: { ...policy } }, transaction);
  });
}

// Changes a version's status and sunset date. Deprecating or retiring sets the deprecation date
// to now when it has none. Returns false for an unknown version.
export async function changeVersionLifecycle(version: string, input: VersionLifecycleInput, actor: Actor): Promise<boolean> {
  const { ApiVersionRecord } = apiPolicyModels();
  return controlDatabase().transaction(async (transaction) => {
    const row = await ApiVersionRecord.findByPk(version, { transaction, lock: transaction.LOCK.UPDATE });
    if (!row) return false;
    const before = { status: row.status, deprecatedAt: row.deprecatedAt, sunsetAt: row.sunsetAt };
    const deprecatedAt = input.status === 'deprecated' || input.status === 'retired' ? row.deprecatedAt ?? new Date() : row.deprecatedAt;
    await row.update({ status: input.status, sunsetAt: input.sunsetAt, deprecatedAt }, { transaction });
    await recordChange(actor, {
      action: 'api-version.update',
      objectType: 'api-version',
      objectId: version,
      tenantId: null,
      before,
      after: { status: row.status, deprecatedAt: row.deprecatedAt, sunsetAt: row.sunsetAt },
    }, transaction);
    return true;
  });
}
