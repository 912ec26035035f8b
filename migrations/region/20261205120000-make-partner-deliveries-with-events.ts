import type { MigrationContext } from '../support.ts';

// Partner delivery rows are made when their event is written to the outbox, by a trigger in the
// same transaction. The relay then tells the partner-deliveries consumer in a header whether an
// event has pending deliveries, so an event nobody subscribed to costs the consumer no
// transaction. Rows for events still waiting in the outbox are made here as well.
export async function up({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query('CREATE INDEX partner_endpoints_tenant ON partner_endpoints (tenant_id)');
  await sequelize.query('CREATE INDEX partner_deliveries_event ON partner_deliveries (event_id)');
  await sequelize.query(`
    CREATE FUNCTION make_partner_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO partner_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
      SELECT gen_random_uuid(), endpoint.tenant_id, endpoint.id, NEW.id, NEW.event_type,
        jsonb_build_object('occurredAt', NEW.envelope -> 'time', 'data', NEW.envelope -> 'data')
      FROM partner_endpoints AS endpoint
      WHERE endpoint.tenant_id = NEW.tenant_id AND endpoint.status = 'active' AND NEW.event_type = ANY (endpoint.event_types)
      ON CONFLICT (endpoint_id, event_id) DO NOTHING;
      RETURN NULL;
    END $$`);
  await sequelize.query(`
    CREATE TRIGGER outbox_partner_deliveries AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION make_partner_deliveries()`);
  await sequelize.query(`
    INSERT INTO partner_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
    SELECT gen_random_uuid(), endpoint.tenant_id, endpoint.id, outbox.id, outbox.event_type,
      jsonb_build_object('occurredAt', outbox.envelope -> 'time', 'data', outbox.envelope -> 'data')
    FROM outbox JOIN partner_endpoints AS endpoint
      ON endpoint.tenant_id = outbox.tenant_id AND endpoint.status = 'active' AND outbox.event_type = ANY (endpoint.event_types)
    WHERE outbox.published_at IS NULL
    ON CONFLICT (endpoint_id, event_id) DO NOTHING`);
}

export async function down({ context }: { context: MigrationContext }) {
  const { sequelize } = context;
  await sequelize.query('DROP TRIGGER outbox_partner_deliveries ON outbox');
  await sequelize.query('DROP FUNCTION make_partner_deliveries()');
  await sequelize.query('DROP INDEX partner_deliveries_event');
  await sequelize.query('DROP INDEX partner_endpoints_tenant');
}
