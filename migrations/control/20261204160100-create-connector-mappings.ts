import type { MigrationContext } from '../support.ts';

// Field mappings of connectors as JSONata expressions. Each save adds a version and the highest
// version is in force, so an earlier mapping can be read and restored.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE connector_mappings (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      connector_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      expression text NOT NULL CHECK (length(expression) BETWEEN 1 AND 20000),
      sample text CHECK (length(sample) <= 65536),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, connector_id, version)
    )`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE connector_mappings');
}
