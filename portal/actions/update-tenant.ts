import { controlDatabase } from '../../services/core/database.ts';
import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import { pickFields, recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

export type TenantChanges = Partial<Pick<Tenant, 'plan' | 'apiTier' | 'status'>>;

// Applies plan, tier or status changes to a tenant and audits them with the values before and
// after, in one control-database transaction. The row is locked so two admins cannot interleave.
// Returns false when nothing changed, so no empty audit record is written.
export async function updateTenant(tenantId: string, changes: TenantChanges, action: string, actor: Actor, note?: string): Promise<boolean> {
  const { Tenant } = controlModels();
  const fields = Object.keys(changes) as (keyof TenantChanges)[];

  return controlDatabase().transaction(async (transaction) => {
    const tenant = await Tenant.findByPk(tenantId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!tenant) throw new Error(`Tenant ${tenantId} disappeared during the update.`);
    const before = pickFields(tenant.get({ plain: true }), fields);
    if (fields.every((field) => before[field] === changes[field])) return false;

    await tenant.update({ ...changes, updatedAt: new Date() }, { transaction });
    const after = pickFields(tenant.get({ plain: true }), fields);
    if (note) after.note = note;
    await recordChange(actor, { action, objectType: 'tenant', objectId: tenant.id, tenantId: tenant.id, before, after }, transaction);
    return true;
  });
}
