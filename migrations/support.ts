import type { Sequelize } from 'sequelize';

// Turns on row-level security for a region table. The policy keys on a per-transaction setting
// (app.tenant_id) that the application sets before touching tenant data, so a query that forgets
// the tenant sees no rows. FORCE applies the policy to the table owner too; only the system role,
// which has BYPASSRLS, reads across tenants (the outbox relay).
export async function isolateByTenant(sequelize: Sequelize, table: string): Promise<void> {
  await sequelize.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await sequelize.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await sequelize.query(`
    CREATE POLICY tenant_isolation ON ${table}
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`);
}

export interface MigrationContext {
  sequelize: Sequelize;
}
