import { isolateByTenant, type MigrationContext } from '../support.ts';

// The canonical project and billing schedule made from a contract. Each schedule line keeps the
// tax decision the rule packs made for it, so an invoice can be traced to the rule that priced it.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE projects (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL UNIQUE REFERENCES contracts (id),
      name text NOT NULL,
      legal_entity_code text NOT NULL,
      status text NOT NULL DEFAULT 'active',
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await sequelize.query(`
    CREATE TABLE billing_schedules (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id),
      project_id uuid NOT NULL REFERENCES projects (id),
      version integer NOT NULL DEFAULT 1,
      currency char(3) NOT NULL,
      status text NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'superseded')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (contract_id, version)
    )`);
  await sequelize.query(`
    CREATE TABLE billing_schedule_lines (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      billing_schedule_id uuid NOT NULL REFERENCES billing_schedules (id) ON DELETE CASCADE,
      milestone_id uuid REFERENCES milestones (id),
      description text NOT NULL,
      due_date date NOT NULL,
      net_amount numeric(18, 2) NOT NULL,
      tax_treatment text NOT NULL,
      tax_rate numeric(7, 4) NOT NULL,
      tax_amount numeric(18, 2) NOT NULL,
      tax_country text NOT NULL,
      invoice_notes text[] NOT NULL DEFAULT '{}',
      decided_by jsonb NOT NULL
    )`);
  for (const table of ['projects', 'billing_schedules', 'billing_schedule_lines']) {
    await isolateByTenant(sequelize, table);
  }
}

export async function down({ context }: { context: MigrationContext }) {
  for (const table of ['billing_schedule_lines', 'billing_schedules', 'projects']) {
    await context.sequelize.query(`DROP TABLE ${table}`);
  }
}
