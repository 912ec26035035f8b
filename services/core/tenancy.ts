import type { Sequelize, Transaction, TransactionOptions } from 'sequelize';
import { regionDatabase } from './database.ts';

export interface TenantScope {
  tenantId: string;
  region: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The transaction option that carries the tenant from withTenant to the statement opening it.
interface TenantTransactionOptions extends TransactionOptions {
  tenantId?: string;
}

interface TransactionQueries {
  startTransactionQuery(transaction: Transaction & { options: TenantTransactionOptions; parent?: Transaction }): string;
}

const bound = new WeakSet<Sequelize>();

// Makes a tenant's transaction open with one round trip instead of two: START TRANSACTION and the
// set_config that binds the transaction to its tenant go to PostgreSQL as one simple query. Every
// transaction is a round trip more than its statements, and an activation opens about ten.
function bindTenantOnStart(sequelize: Sequelize): void {
  if (bound.has(sequelize)) return;
  bound.add(sequelize);
  const queries = sequelize.getQueryInterface().queryGenerator as TransactionQueries;
  const start = queries.startTransactionQuery.bind(queries);
  queries.startTransactionQuery = (transaction) => {
    const { tenantId } = transaction.options;
    if (transaction.parent || tenantId === undefined) return start(transaction);
    return `${start(transaction)} SELECT set_config('app.tenant_id', ${sequelize.escape(tenantId)}, true);`;
  };
}

// Runs work in one transaction of the tenant's region database with app.tenant_id set for that
// transaction only, so row-level security limits every query inside to this tenant's rows.
export async function withTenant<T>(scope: TenantScope, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  if (!UUID.test(scope.tenantId)) throw new Error(`Tenant id "${scope.tenantId}" is not a UUID.`);
  const sequelize = regionDatabase(scope.region);
  bindTenantOnStart(sequelize);

  const options: TenantTransactionOptions = { tenantId: scope.tenantId };
  return sequelize.transaction(options, work);
}
