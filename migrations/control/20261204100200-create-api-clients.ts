import type { MigrationContext } from '../support.ts';

// Secrets are stored as scrypt hashes only; the plain secret is shown once at creation.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE api_clients (
      id uuid PRIMARY KEY,
      client_id text NOT NULL UNIQUE,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      secret_hash text NOT NULL,
      scopes text[] NOT NULL DEFAULT '{}',
      tier text NOT NULL DEFAULT 'standard',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query('CREATE INDEX api_clients_tenant ON api_clients (tenant_id)');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE api_clients');
}
