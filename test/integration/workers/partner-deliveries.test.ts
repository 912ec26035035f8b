import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { cloudEvent } from '../../../services/core/cloudevent.ts';
import { encryptSecret } from '../../../services/core/crypto.ts';
import { systemDatabase } from '../../../services/core/database.ts';
import { logger } from '../../../services/core/logger.ts';
import { PARTNER_DELIVERIES_HEADER } from '../../../services/core/topology.ts';
import { createPartnerDeliveryHandler } from '../../../services/workers/partner-deliveries.ts';
import { createTenant } from '../../support/factories.ts';

// The consumer trusts the relay's header: it skips an event marked none, sends only the rows the
// outbox trigger made for one marked pending, and makes the rows itself for a message without the
// header, which an earlier release published.
describe('partner delivery consumer', () => {
  const region = 'eu';
  const handler = createPartnerDeliveryHandler(region);
  let tenantId: string;

  before(async () => {
    tenantId = (await createTenant({ region })).id;
    // The endpoint's URL names a closed port, so a delivery attempt fails and the row stays pending.
    const id = randomUUID();
    await systemDatabase(region).query(
      `INSERT INTO partner_endpoints (id, tenant_id, url, event_types, secret_encrypted) VALUES (:id, :tenantId, 'http://127.0.0.1:9/events', ARRAY['project.activated'], :sealed)`,
      { replacements: { id, tenantId, sealed: encryptSecret(`whsec_${Buffer.from(randomUUID()).toString('base64')}`, id) } });
  });

  const activated = () => cloudEvent({ type: 'project.activated', source: 'urn:test', tenant: tenantId, region, data: { contractId: randomUUID() } });
  const rowsOf = async (eventId: string) => (await systemDatabase(region).query(
    'SELECT status FROM partner_deliveries WHERE event_id = :eventId', { replacements: { eventId }, type: QueryTypes.SELECT })).length;

  it('skips an event marked none', async () => {
    const event = activated();
    const outcome = await handler({ event, attempt: 1, log: logger('test'), headers: { [PARTNER_DELIVERIES_HEADER]: 'none' } });

    assert.equal(outcome.kind, 'done');
    assert.equal(await rowsOf(event.id), 0);
  });

  it('makes no rows for a marked event', async () => {
    // The relay marked it pending, but only the rows the trigger made count: here there are none,
    // as for an endpoint that subscribed after the event was written.
    const event = activated();
    const outcome = await handler({ event, attempt: 1, log: logger('test'), headers: { [PARTNER_DELIVERIES_HEADER]: 'pending' } });

    assert.equal(outcome.kind, 'done');
    assert.equal(await rowsOf(event.id), 0);
  });

  it('makes the rows of an unmarked event', async () => {
    const event = activated();
    const outcome = await handler({ event, attempt: 1, log: logger('test'), headers: {} });

    assert.equal(outcome.kind, 'retry');
    assert.equal(await rowsOf(event.id), 1);
  });
});
