import type { MigrationContext } from '../support.ts';

// The lifecycle of each API version. Operators change a status or a date here without a deploy;
// the gateway reads the table and sets Deprecation and Sunset headers or answers 410 from it.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE api_versions (
      version text PRIMARY KEY CHECK (version ~ '^v[0-9]+$'),
      status text NOT NULL CHECK (status IN ('beta', 'current', 'deprecated', 'retired')),
      released_at timestamptz NOT NULL,
      deprecated_at timestamptz,
      sunset_at timestamptz,
      successor text REFERENCES api_versions (version),
      CHECK (status NOT IN ('deprecated', 'retired') OR deprecated_at IS NOT NULL)
    )`);
  await context.sequelize.query(`
    INSERT INTO api_versions (version, status, released_at) VALUES
      ('v2', 'beta', '2026-12-04T00:00:00Z'),
      ('v1', 'current', '2026-12-01T00:00:00Z')`);
  await context.sequelize.query("UPDATE api_versions SET successor = 'v2' WHERE version = 'v1'");
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE api_versions');
}
