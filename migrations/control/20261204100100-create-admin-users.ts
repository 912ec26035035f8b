import type { MigrationContext } from '../support.ts';

// Portal users sign in through OpenID Connect, so no password is kept here: the subject and email
// come from the identity provider, and memberships give each user a role, per tenant or platform-wide.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE admin_users (
      id uuid PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query(`
    CREATE TABLE memberships (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
      tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('platform-admin', 'tenant-admin', 'tenant-viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((role = 'platform-admin') = (tenant_id IS NULL))
    )`);
  await context.sequelize.query('CREATE UNIQUE INDEX memberships_user_tenant ON memberships (user_id, COALESCE(tenant_id, \'00000000-0000-0000-0000-000000000000\'))');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE memberships');
  await context.sequelize.query('DROP TABLE admin_users');
}
