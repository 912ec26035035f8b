import type { MigrationContext } from '../support.ts';

// A tenant's rules for its API clients: the access token lifetime, and which API versions its
// clients may call. A tenant without a row gets the platform defaults.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE tenant_api_policies (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
      token_lifetime_seconds integer CHECK (token_lifetime_seconds BETWEEN 60 AND 86400),
      pinned_version text,
      forbidden_versions text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE tenant_api_policies');
}
