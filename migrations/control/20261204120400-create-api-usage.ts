import type { MigrationContext } from '../support.ts';

// Calls per API client, version and UTC day, so a tenant admin sees which partners still call a
// version before its sunset. Gateways add their counts in batches, so rows are upserted.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE api_usage (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      client_id text NOT NULL,
      version text NOT NULL,
      day date NOT NULL,
      calls bigint NOT NULL DEFAULT 0,
      errors bigint NOT NULL DEFAULT 0,
      last_seen_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, client_id, version, day)
    )`);
  await context.sequelize.query('CREATE INDEX api_usage_tenant_version ON api_usage (tenant_id, version, last_seen_at DESC)');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE api_usage');
}
