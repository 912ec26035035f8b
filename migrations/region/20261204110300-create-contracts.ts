import { isolateByTenant, type MigrationContext } from '../support.ts';

// A contract with its commercial terms: lines, a rate card of roles and rates, and milestones.
// Money is numeric with its ISO 4217 currency on the contract, never a float.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE contracts (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id),
      title text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'executed', 'active', 'terminated')),
      currency char(3) NOT NULL,
      total_value numeric(18, 2) NOT NULL,
      service_category text NOT NULL DEFAULT 'consulting',
      start_date date NOT NULL,
      end_date date,
      executed_at timestamptz,
      source text NOT NULL DEFAULT 'api',
      source_ref text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await sequelize.query('CREATE UNIQUE INDEX contracts_source_ref ON contracts (tenant_id, source, source_ref) WHERE source_ref IS NOT NULL');
  await sequelize.query('CREATE INDEX contracts_tenant_created ON contracts (tenant_id, created_at, id)');

  await sequelize.query(`
    CREATE TABLE rate_card_entries (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
      role text NOT NULL,
      unit text NOT NULL DEFAULT 'hour' CHECK (unit IN ('hour', 'day')),
      rate numeric(18, 2) NOT NULL CHECK (rate >= 0),
      UNIQUE (contract_id, role)
    )`);

  await sequelize.query(`
    CREATE TABLE contract_lines (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
      line_no integer NOT NULL,
      description text NOT NULL,
      billing_type text NOT NULL CHECK (billing_type IN ('fixed-fee', 'time-and-materials', 'subscription')),
      role text,
      quantity numeric(18, 4) NOT NULL DEFAULT 1 CHECK (quantity > 0),
      unit_price numeric(18, 2) NOT NULL CHECK (unit_price >= 0),
      amount numeric(18, 2) NOT NULL,
      UNIQUE (contract_id, line_no)
    )`);

  await sequelize.query(`
    CREATE TABLE milestones (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
      name text NOT NULL,
      due_date date NOT NULL,
      amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'completed', 'invoiced')),
      UNIQUE (contract_id, name)
    )`);

  for (const table of ['contracts', 'rate_card_entries', 'contract_lines', 'milestones']) {
    await isolateByTenant(sequelize, table);
  }
}

export async function down({ context }: { context: MigrationContext }) {
  for (const table of ['milestones', 'contract_lines', 'rate_card_entries', 'contracts']) {
    await context.sequelize.query(`DROP TABLE ${table}`);
  }
}
