import type { MigrationContext } from '../support.ts';

// Data residency settings. A tenant may require that every connector is hosted in its own
// region; each connector declares where the outside system it calls is hosted. Both are
// settings of the platform, not business data, so they live in the control database.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE tenant_residency_policies (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
      connectors_in_region_only boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query(`
    CREATE TABLE connector_hosting_regions (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      connector_id uuid NOT NULL,
      hosting_region text NOT NULL CHECK (hosting_region ~ '^[a-z][a-z0-9-]{1,15}$'),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, connector_id)
    )`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE connector_hosting_regions');
  await context.sequelize.query('DROP TABLE tenant_residency_policies');
}
