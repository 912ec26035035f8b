import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { controlDatabase } from '../../services/core/database.ts';
import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import type { NewTenant } from '../forms/tenant-form.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

// Creates the tenant and its audit record in one control-database transaction. Returns null when
// the slug is taken, which the form reports beside the slug field.
export async function createTenant(input: NewTenant, actor: Actor): Promise<Tenant | null> {
  const { Tenant } = controlModels();
  try {
    return await controlDatabase().transaction(async (transaction) => {
      const tenant = await Tenant.create({ id: randomUUID(), ...input }, { transaction });
      await recordChange(actor, {
        action: 'tenant.create',
        objectType: 'tenant',
        objectId: tenant.id,
        tenantId: tenant.id,
        before: null,
        after: { slug: tenant.slug, name: tenant.name, region: tenant.region, plan: tenant.plan, apiTier: tenant.apiTier, status: tenant.status },
      }, transaction);
      return tenant;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }
}
