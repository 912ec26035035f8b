import { isolateByTenant, type MigrationContext } from '../support.ts';

// Workflow state: a run of a flow (pinned to the flow version that started it), its steps in
// order with attempts and errors, and the exceptions an admin must look at.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE workflow_runs (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      flow text NOT NULL,
      flow_version integer NOT NULL,
      trigger_key text NOT NULL,
      trigger_event_id uuid NOT NULL,
      contract_id uuid REFERENCES contracts (id),
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
      input jsonb NOT NULL,
      state jsonb NOT NULL DEFAULT '{}',
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (tenant_id, flow, trigger_key)
    )`);
  await sequelize.query('CREATE INDEX workflow_runs_tenant_started ON workflow_runs (tenant_id, started_at DESC, id)');

  await sequelize.query(`
    CREATE TABLE workflow_steps (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
      position integer NOT NULL,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'compensated')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      output jsonb,
      started_at timestamptz,
      finished_at timestamptz,
      UNIQUE (run_id, name),
      UNIQUE (run_id, position)
    )`);

  await sequelize.query(`
    CREATE TABLE workflow_exceptions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
      step_name text NOT NULL,
      error text NOT NULL,
      payload_ref text NOT NULL,
      suggested_action text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      resolution_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`);

  for (const table of ['workflow_runs', 'workflow_steps', 'workflow_exceptions']) {
    await isolateByTenant(sequelize, table);
  }
}

export async function down({ context }: { context: MigrationContext }) {
  for (const table of ['workflow_exceptions', 'workflow_steps', 'workflow_runs']) {
    await context.sequelize.query(`DROP TABLE ${table}`);
  }
}
