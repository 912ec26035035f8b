import { isolateByTenant, type MigrationContext } from '../support.ts';

// A connector is a tenant's configured instance of a driver. Credentials and the webhook
// verification key are encrypted at rest and are never returned by any API or page.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE connectors (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      slug text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
      kind text NOT NULL CHECK (kind IN ('clm', 'erp', 'crm', 'psa')),
      driver text NOT NULL,
      name text NOT NULL,
      base_url text NOT NULL,
      auth_kind text NOT NULL CHECK (auth_kind IN ('api-token', 'basic', 'oauth-client-credentials')),
      credentials_encrypted text NOT NULL,
      webhook_key_encrypted text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    )`);
  await isolateByTenant(context.sequelize, 'connectors');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE connectors');
}
