import { controlDatabase } from '../../services/core/database.ts';
import { findResidencyPolicy, saveResidencyPolicy, type ResidencyPolicy } from '../../services/core/residency.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

// Saves the tenant's residency policy with its audit record in one control-database transaction.
// Returns false when the policy already had this value.
export async function changeResidencyPolicy(tenant: Tenant, policy: ResidencyPolicy, actor: Actor): Promise<boolean> {
  return controlDatabase().transaction(async (transaction) => {
    const before = await findResidencyPolicy(tenant.id, transaction);
    if (before.connectorsInRegionOnly === policy.connectorsInRegionOnly) return false;
    await saveResidencyPolicy(tenant.id, policy, transaction);
    await recordChange(actor, {
      action: 'tenant.residency-policy',
      objectType: 'tenant',
      objectId: tenant.id,
      tenantId: tenant.id,
      before: { ...before },
      after: { ...policy },
    }, transaction);
    return true;
  });
}
