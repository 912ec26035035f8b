import { isolateByTenant, type MigrationContext } from '../support.ts';

// One record per write through the API: who (client), what (operation and object), and when.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL,
      actor text NOT NULL,
      operation text NOT NULL,
      object_type text NOT NULL,
      object_id text NOT NULL,
      request_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query('CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC)');
  await isolateByTenant(context.sequelize, 'audit_log');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE audit_log');
}
