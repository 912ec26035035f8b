import type { MigrationContext } from '../support.ts';

// The database keeps called_at itself: a step marked running gets it, and no update clears it.
// Any code marks a step running before it calls an outside system, so rows written by a worker
// of an earlier release during a rolling deploy are counted as called too.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE FUNCTION keep_workflow_step_called_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.called_at := COALESCE(OLD.called_at, NEW.called_at);
      IF NEW.status = 'running' AND NEW.called_at IS NULL THEN
        NEW.called_at := now();
      END IF;
      RETURN NEW;
    END $$`);
  await context.sequelize.query(`
    CREATE TRIGGER workflow_steps_called_at BEFORE UPDATE ON workflow_steps
    FOR EACH ROW EXECUTE FUNCTION keep_workflow_step_called_at()`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TRIGGER workflow_steps_called_at ON workflow_steps');
  await context.sequelize.query('DROP FUNCTION keep_workflow_step_called_at()');
}
