import { isolateByTenant, type MigrationContext } from '../support.ts';

// Responses stored under a client's Idempotency-Key for 24 hours. A row is written as
// 'in-progress' before the operation runs, so a concurrent request with the same key finds it
// and waits instead of running the operation again. request_hash tells a retry of the same body
// from a reuse of the key with another body.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE idempotency_keys (
      tenant_id uuid NOT NULL,
      client_id text NOT NULL,
      idempotency_key text NOT NULL,
      operation_id text NOT NULL,
      request_hash text NOT NULL,
      state text NOT NULL DEFAULT 'in-progress' CHECK (state IN ('in-progress', 'completed')),
      response_status integer,
      response_body jsonb,
      response_location text,
      locked_until timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, client_id, idempotency_key)
    )`);
  await context.sequelize.query('CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at)');
  await isolateByTenant(context.sequelize, 'idempotency_keys');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE idempotency_keys');
}
