import type { MigrationContext } from '../support.ts';

export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor text NOT NULL,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text NOT NULL,
      tenant_id uuid,
      before jsonb,
      after jsonb,
      request_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query('CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC)');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE audit_log');
}
