import { isolateByTenant, type MigrationContext } from '../support.ts';

// Every verified webhook as received. The unique key on the sender's event id makes a replayed
// delivery a no-op instead of a second run.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE inbound_events (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      connector_id uuid NOT NULL REFERENCES connectors (id),
      external_event_id text NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, connector_id, external_event_id)
    )`);
  await isolateByTenant(context.sequelize, 'inbound_events');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE inbound_events');
}
