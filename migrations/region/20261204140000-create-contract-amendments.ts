import { isolateByTenant, type MigrationContext } from '../support.ts';

// Each amendment applied to a contract, with the terms before and after it, so the superseded
// version of the contract stays readable after the amendment replaces it. An amendment that
// would change an already invoiced milestone is stored as rejected, with the reason.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE contract_amendments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id),
      version integer NOT NULL,
      source_ref text NOT NULL,
      status text NOT NULL CHECK (status IN ('applied', 'rejected')),
      changes jsonb NOT NULL,
      previous_terms jsonb NOT NULL,
      new_terms jsonb NOT NULL,
      reason text,
      run_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, contract_id, source_ref)
    )`);
  await isolateByTenant(context.sequelize, 'contract_amendments');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE contract_amendments');
}
