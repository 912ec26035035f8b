import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { regionModels, type LegalEntityRow } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import { recordRegionChange } from '../audit/record-region-change.ts';
import type { LegalEntityInput } from '../forms/legal-entity-form.ts';
import { auditedLegalEntityFields } from './legal-entity-audit-fields.ts';
import type { Actor } from './actor.ts';

// Stores the legal entity with the region's data audit record in the same transaction, then
// records the creation in the control audit log. Returns null when the tenant already has an
// entity with this code, which the table's unique (tenant_id, code) constraint enforces.
export async function createLegalEntity(tenant: Tenant, input: LegalEntityInput, actor: Actor): Promise<LegalEntityRow | null> {
  let created: LegalEntityRow;
  try {
    created = await withTenant(scopeOf(tenant), async (transaction) => {
      const row = (await regionModels(tenant.region).LegalEntity.create({ id: randomUUID(), tenantId: tenant.id, ...input }, { transaction })).get({ plain: true });
      await recordRegionChange(tenant.region, transaction, actor, {
        tenantId: tenant.id, operation: 'legal-entity.create', objectType: 'legal-entity', objectId: row.id,
      });
      return row;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }

  await recordChange(actor, {
    action: 'legal-entity.create',
    objectType: 'legal-entity',
    objectId: created.id,
    tenantId: tenant.id,
    before: null,
    after: auditedLegalEntityFields(created),
  });
  return created;
}
