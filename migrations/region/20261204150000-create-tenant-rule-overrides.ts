import { isolateByTenant, type MigrationContext } from '../support.ts';

// A tenant's own rule overrides (legal-entity and tax rules) with the golden cases that guard them.
// Each save is a new semantic version; a draft becomes active only when all its golden cases pass,
// and the version it replaces becomes superseded, so at most one version per tenant is active.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE tenant_rule_overrides (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      name text NOT NULL,
      version text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$'),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'superseded')),
      pack jsonb NOT NULL,
      golden_cases jsonb NOT NULL,
      golden_results jsonb,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      evaluated_at timestamptz,
      promoted_at timestamptz,
      superseded_at timestamptz,
      UNIQUE (tenant_id, version)
    )`);
  await sequelize.query(`CREATE UNIQUE INDEX tenant_rule_overrides_one_active ON tenant_rule_overrides (tenant_id) WHERE status = 'active'`);
  await isolateByTenant(sequelize, 'tenant_rule_overrides');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE tenant_rule_overrides');
}
