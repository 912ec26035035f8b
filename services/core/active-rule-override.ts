import type { Transaction } from 'sequelize';
import { regionModels } from './models/region.ts';
import { withTenant, type TenantScope } from './tenancy.ts';

/** The tenant's active rule override as stored; the rule engine checked its pack when it was saved. */
export interface StoredRuleOverride {
  id: string;
  name: string;
  version: string;
  pack: unknown;
}

async function findActive(scope: TenantScope, transaction: Transaction): Promise<StoredRuleOverride | undefined> {
  const row = await regionModels(scope.region).TenantRuleOverride.findOne({ where: { tenantId: scope.tenantId, status: 'active' }, transaction });
  if (row === null) return undefined;
  const { id, name, version, pack } = row.get({ plain: true });
  return { id, name, version, pack };
}

/** Reads the tenant's active rule override, if any, inside `transaction` or a transaction of its own. */
export async function loadActiveRuleOverride(scope: TenantScope, transaction?: Transaction): Promise<StoredRuleOverride | undefined> {
  if (transaction !== undefined) return findActive(scope, transaction);
  return withTenant(scope, (own) => findActive(scope, own));
}
