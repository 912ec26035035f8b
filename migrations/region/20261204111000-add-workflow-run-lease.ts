import type { MigrationContext } from '../support.ts';

// A run is worked on by one consumer at a time. The lease lets a second delivery of the same
// event (a relay that crashed after publishing, or two worker copies) see that the run is busy
// and back off, and lets a new worker take over once a dead worker's lease has expired.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_runs ADD COLUMN lease_owner text');
  await context.sequelize.query('ALTER TABLE workflow_runs ADD COLUMN lease_until timestamptz');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_runs DROP COLUMN lease_until');
  await context.sequelize.query('ALTER TABLE workflow_runs DROP COLUMN lease_owner');
}
