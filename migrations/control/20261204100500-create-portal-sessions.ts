import type { MigrationContext } from '../support.ts';

// The table layout that connect-pg-simple reads and writes.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE portal_sessions (
      sid varchar NOT NULL PRIMARY KEY,
      sess json NOT NULL,
      expire timestamp(6) NOT NULL
    )`);
  await context.sequelize.query('CREATE INDEX portal_sessions_expire ON portal_sessions (expire)');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE portal_sessions');
}
