import type { MigrationContext } from '../support.ts';

// An OpenID provider a tenant trusts to issue access tokens for its own systems. The issuer and
// audience identify the provider's tokens, so one pair belongs to one tenant. scope_map turns a
// value of the provider's scope claim into scopes of this API.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE tenant_identity_providers (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      issuer text NOT NULL,
      audience text NOT NULL,
      client_claim text NOT NULL DEFAULT 'azp',
      scope_claim text NOT NULL DEFAULT 'scope',
      scope_map jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (issuer, audience)
    )`);
  await context.sequelize.query('CREATE INDEX tenant_identity_providers_tenant ON tenant_identity_providers (tenant_id)');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE tenant_identity_providers');
}
