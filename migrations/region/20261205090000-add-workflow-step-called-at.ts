import type { MigrationContext } from '../support.ts';

// When a step was first marked running, that is, first could have changed an outside system. A
// trigger keeps it (see the next migration), so a step without it has made nothing yet and may
// create its records without looking them up first. Steps stored before this column are counted
// as called, so their runs keep looking up.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_steps ADD COLUMN called_at timestamptz');
  await context.sequelize.query('UPDATE workflow_steps SET called_at = COALESCE(started_at, now())');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_steps DROP COLUMN called_at');
}
