import type { MigrationContext } from '../support.ts';

export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      region text NOT NULL,
      plan text NOT NULL DEFAULT 'standard',
      api_tier text NOT NULL DEFAULT 'standard',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE tenants');
}
