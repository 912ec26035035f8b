import type { Transaction } from 'sequelize';
import { regionDatabase } from './database.ts';

export interface TenantScope {
  tenantId: string;
  region: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Runs work in one transaction of the tenant's region database with app.tenant_id set for that
// transaction only, so row-level security limits every query inside to this tenant's rows.
export async function withTenant<T>(scope: TenantScope, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  if (!UUID.test(scope.tenantId)) throw new Error(`Tenant id "${scope.tenantId}" is not a UUID.`);
  const sequelize = regionDatabase(scope.region);

  return sequelize.transaction(async (transaction) => {
    await sequelize.query("SELECT set_config('app.tenant_id', :tenantId, true)", {
      replacements: { tenantId: scope.tenantId },
      transaction,
    });
    return work(transaction);
  });
}
