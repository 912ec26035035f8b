import assert from 'node:assert/strict';
import { randomUUID, sign } from 'node:crypto';
import request from 'supertest';
import { createTenant } from '../support/factories.ts';
import { countRows, createClmConnector, gateway, ironcladHeaders, rsaKeyPair } from '../integration/gateway/helpers.ts';

describe('gateway webhook verification', () => {
  const keys = rsaKeyPair();
  const attacker = rsaKeyPair();
  let tenant: { id: string; slug: string; region: string };
  let connector: { id: string; slug: string };
  let disabled: { id: string; slug: string };
  const body = JSON.stringify({ companyID: 'company-1', webhookID: 'webhook-1', payload: { event: 'workflow_completed', workflowID: 'wf-attack' } });

  before(async () => {
    tenant = await createTenant();
    connector = await createClmConnector(tenant, keys.publicKey);
    disabled = await createClmConnector(tenant, keys.publicKey, { status: 'disabled' });
  });

  async function expectRejectedAndNothingStored(path: string, headers: Record<string, string>, payload = body): Promise<void> {
    const inboundBefore = await countRows(tenant, 'inbound_events');
    const outboxBefore = await countRows(tenant, 'outbox');

    const response = await request(gateway()).post(path).set(headers).send(payload).expect(401);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(response.body.detail, 'The webhook could not be verified.');

    assert.equal(await countRows(tenant, 'inbound_events'), inboundBefore);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore);
  }

  it('rejects a signature by another key', async () => {
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/${connector.slug}`, ironcladHeaders(attacker.privateKey, randomUUID(), body));
  });

  it('rejects a body changed after signing', async () => {
    const headers = ironcladHeaders(keys.privateKey, randomUUID(), body);
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/${connector.slug}`, headers, body.replace('wf-attack', 'wf-other'));
  });

  it('rejects a changed event id', async () => {
    const headers = ironcladHeaders(keys.privateKey, 'event-1', body);
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/${connector.slug}`, { ...headers, 'X-Ironclad-Webhook-Event-Id': 'event-2' });
  });

  it('rejects missing or malformed verification headers', async () => {
    const path = `/hooks/${tenant.slug}/${connector.slug}`;
    await expectRejectedAndNothingStored(path, { 'Content-Type': 'application/json', 'X-Ironclad-Webhook-Event-Id': randomUUID() });
    await expectRejectedAndNothingStored(path, { 'Content-Type': 'application/json', 'X-Ironclad-Webhook-Event-Id': randomUUID(), 'X-Ironclad-Webhook-Verification': 'not json' });
  });

  it('rejects a signature algorithm other than RSA-SHA256', async () => {
    const eventId = randomUUID();
    const nonce = randomUUID();
    const signature = sign('sha1', Buffer.from(eventId + body + nonce), keys.privateKey).toString('base64');
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/${connector.slug}`, {
      'Content-Type': 'application/json',
      'X-Ironclad-Webhook-Event-Id': eventId,
      'X-Ironclad-Webhook-Verification': JSON.stringify({ nonce, signAlgorithm: 'RSA-SHA1', signature, encoding: 'base64' }),
    });
  });

  it('rejects unknown slugs like a bad signature', async () => {
    const headers = ironcladHeaders(keys.privateKey, randomUUID(), body);
    await expectRejectedAndNothingStored(`/hooks/no-such-tenant/${connector.slug}`, headers);
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/no-such-connector`, headers);
    await expectRejectedAndNothingStored(`/hooks/${tenant.slug}/${disabled.slug}`, headers);
  });

  it('rejects a suspended tenant', async () => {
    const suspended = await createTenant({ status: 'suspended' });
    const suspendedConnector = await createClmConnector(suspended, keys.publicKey);
    const response = await request(gateway()).post(`/hooks/${suspended.slug}/${suspendedConnector.slug}`)
      .set(ironcladHeaders(keys.privateKey, randomUUID(), body)).send(body).expect(401);
    assert.equal(response.body.detail, 'The webhook could not be verified.');
    assert.equal(await countRows(suspended, 'inbound_events'), 0);
  });
});
