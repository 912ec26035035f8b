import { isolateByTenant, type MigrationContext } from '../support.ts';

// The outbox holds events written in the same transaction as the change that caused them; the
// relay publishes them in sequence order and stamps published_at. A trigger notifies the relay so
// it need not poll fast. The inbox records which message ids each consumer has handled.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query(`
    CREATE TABLE outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      tenant_id uuid NOT NULL,
      event_type text NOT NULL,
      subject text,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await sequelize.query('CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL');
  await sequelize.query(`
    CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('outbox', '');
      RETURN NULL;
    END $$`);
  await sequelize.query('CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()');

  await sequelize.query(`
    CREATE TABLE inbox (
      consumer text NOT NULL,
      message_id text NOT NULL,
      tenant_id uuid NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`);
  await isolateByTenant(sequelize, 'outbox');
  await isolateByTenant(sequelize, 'inbox');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE inbox');
  await context.sequelize.query('DROP TABLE outbox');
  await context.sequelize.query('DROP FUNCTION notify_outbox');
}
