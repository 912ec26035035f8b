import { regionModels, type LegalEntityRow } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import { recordRegionChange } from '../audit/record-region-change.ts';
import type { LegalEntityInput } from '../forms/legal-entity-form.ts';
import { auditedLegalEntityFields } from './legal-entity-audit-fields.ts';
import type { Actor } from './actor.ts';

// Changes a legal entity, keeping its code, with the region's data audit record in the same
// transaction, then records before and after in the control audit log. Returns false when the
// tenant has no entity with this code.
export async function changeLegalEntity(tenant: Tenant, code: string, input: Omit<LegalEntityInput, 'code'>, actor: Actor): Promise<boolean> {
  const result = await withTenant(scopeOf(tenant), async (transaction) => {
    const row = await regionModels(tenant.region).LegalEntity.findOne({ where: { tenantId: tenant.id, code }, transaction, lock: transaction.LOCK.UPDATE });
    if (!row) return null;
    // A copy, because update() changes the object that get() returns.
    const before: LegalEntityRow = { ...row.get({ plain: true }) };
    await row.update(input, { transaction });
    await recordRegionChange(tenant.region, transaction, actor, {
      tenantId: tenant.id, operation: 'legal-entity.update', objectType: 'legal-entity', objectId: before.id,
    });
    return { before, after: row.get({ plain: true }) };
  });
  if (!result) return false;

  await recordChange(actor, {
    action: 'legal-entity.update',
    objectType: 'legal-entity',
    objectId: result.before.id,
    tenantId: tenant.id,
    before: auditedLegalEntityFields(result.before),
    after: auditedLegalEntityFields(result.after),
  });
  return true;
}
