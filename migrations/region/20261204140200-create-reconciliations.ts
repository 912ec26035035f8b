import { isolateByTenant, type MigrationContext } from '../support.ts';

// Reconciliation passes (scheduled or requested through the API) and each gap they found between
// a contract's terms in the CLM and its billing schedule in the ERP.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE reconciliations (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'api')),
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
      contracts_checked integer NOT NULL DEFAULT 0,
      contracts_matched integer NOT NULL DEFAULT 0,
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
  await sequelize.query(`
    CREATE TABLE reconciliation_gaps (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      reconciliation_id uuid NOT NULL REFERENCES reconciliations (id),
      contract_id uuid NOT NULL REFERENCES contracts (id),
      field text NOT NULL,
      clm_value text,
      erp_value text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await sequelize.query('CREATE INDEX reconciliation_gaps_run ON reconciliation_gaps (tenant_id, reconciliation_id)');
  await isolateByTenant(sequelize, 'reconciliations');
  await isolateByTenant(sequelize, 'reconciliation_gaps');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE reconciliation_gaps');
  await context.sequelize.query('DROP TABLE reconciliations');
}
