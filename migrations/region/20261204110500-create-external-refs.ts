import { isolateByTenant, type MigrationContext } from '../support.ts';

// Maps each canonical object to its id in an outside system, with the run and step that made the
// link. This table is the lineage of a contract.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE external_refs (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid REFERENCES contracts (id),
      object_type text NOT NULL,
      object_id uuid NOT NULL,
      system text NOT NULL CHECK (system IN ('clm', 'erp', 'crm', 'psa')),
      connector_id uuid NOT NULL REFERENCES connectors (id),
      external_id text NOT NULL,
      external_url text,
      run_id uuid,
      step_name text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, object_type, object_id, system)
    )`);
  await context.sequelize.query('CREATE INDEX external_refs_contract ON external_refs (tenant_id, contract_id)');
  await isolateByTenant(context.sequelize, 'external_refs');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE external_refs');
}
