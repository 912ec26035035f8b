import type { MigrationContext } from '../support.ts';

// A connector's driver settings that are not secret, such as the operations of a generic REST
// connector. Credentials never go here: they stay in credentials_encrypted.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    ALTER TABLE connectors
      ADD COLUMN settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object')`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE connectors DROP COLUMN settings');
}
