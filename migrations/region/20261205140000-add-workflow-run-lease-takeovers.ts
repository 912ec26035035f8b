import type { MigrationContext } from '../support.ts';

// How often a consumer took over a run whose lease ran out in another consumer's hands, that is,
// how often a worker stopped (a crash, a kill) while it held the run. A run that keeps stopping
// workers fails with an exception instead of stopping the next one. A retry or replay resets it.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_runs ADD COLUMN lease_takeovers integer NOT NULL DEFAULT 0');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('ALTER TABLE workflow_runs DROP COLUMN lease_takeovers');
}
