import { isolateByTenant, type MigrationContext } from '../support.ts';

// Partner endpoints a tenant subscribes to platform events, and the log of every delivery to
// them. The signing secret is stored sealed with the tenant's data key. A delivery is one event
// for one endpoint, so retries and resends update its row instead of adding rows.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE partner_endpoints (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret_encrypted text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await sequelize.query(`
    CREATE TABLE partner_deliveries (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      endpoint_id uuid NOT NULL REFERENCES partner_endpoints (id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_status integer,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      UNIQUE (endpoint_id, event_id)
    )`);
  await isolateByTenant(sequelize, 'partner_endpoints');
  await isolateByTenant(sequelize, 'partner_deliveries');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE partner_deliveries');
  await context.sequelize.query('DROP TABLE partner_endpoints');
}
