import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTenant } from '../../support/factories.ts';
import { countRows, createClmConnector, gateway, ironcladHeaders, outboxEnvelopes, rsaKeyPair } from './helpers.ts';

describe('POST /hooks/:tenant/:connector', () => {
  const keys = rsaKeyPair();
  let tenant: { id: string; slug: string; region: string };
  let connector: { id: string; slug: string };

  before(async () => {
    tenant = await createTenant();
    connector = await createClmConnector(tenant, keys.publicKey);
  });

  // Ironclad wraps each event: {companyID, webhookID, payload: {event, workflowID, ...}}.
  function deliver(eventId: string, payload: unknown, privateKey = keys.privateKey) {
    const body = JSON.stringify({ companyID: 'company-1', webhookID: 'webhook-1', payload });
    return request(gateway()).post(`/hooks/${tenant.slug}/${connector.slug}`)
      .set(ironcladHeaders(privateKey, eventId, body))
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
      .send(body);
  }

  it('accepts a signed workflow_completed event', async () => {
    const workflowId = `wf-${randomUUID()}`;
    const response = await deliver(randomUUID(), { event: 'workflow_completed', workflowID: workflowId, templateID: 'template-1' }).expect(202);
    assert.equal(response.body.status, 'accepted');
    assert.match(response.body.eventId, /^[0-9a-f-]{36}$/);

    const event = (await outboxEnvelopes(tenant)).at(-1)!;
    assert.equal(event.type, 'contract.executed');
    assert.equal(event.subject, workflowId);
    assert.equal(event.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    assert.deepEqual(event.data, { origin: 'clm', connectorId: connector.id, workflowId, inboundEventId: response.body.eventId });
  });

  it('stores a replayed event id once', async () => {
    const eventId = randomUUID();
    const payload = { event: 'workflow_completed', workflowID: `wf-${randomUUID()}` };
    const inboundBefore = await countRows(tenant, 'inbound_events');
    const outboxBefore = await countRows(tenant, 'outbox');

    await deliver(eventId, payload).expect(202);
    const replay = await deliver(eventId, payload).expect(200);
    assert.deepEqual(replay.body, { status: 'duplicate' });

    assert.equal(await countRows(tenant, 'inbound_events'), inboundBefore + 1);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore + 1);
  });

  it('stores other event types without an outbox event', async () => {
    const outboxBefore = await countRows(tenant, 'outbox');
    const inboundBefore = await countRows(tenant, 'inbound_events');
    const response = await deliver(randomUUID(), { event: 'workflow_launched', workflowID: 'wf-1' }).expect(202);
    assert.equal(response.body.status, 'ignored');
    assert.equal(await countRows(tenant, 'inbound_events'), inboundBefore + 1);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore);
  });

  it('rejects a signed body without workflowID', async () => {
    const inboundBefore = await countRows(tenant, 'inbound_events');
    const response = await deliver(randomUUID(), { event: 'workflow_completed' }).expect(400);
    assert.equal(response.body.code, 'invalid-webhook-payload');
    assert.equal(await countRows(tenant, 'inbound_events'), inboundBefore);
  });
});
