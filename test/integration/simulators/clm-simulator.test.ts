import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { verifyIroncladWebhook } from '../../../services/connectors/clm/ironclad-webhook.ts';
import { signIroncladWebhook, startClmSimulator, type ClmSimulator } from '../../../services/simulators/clm/server.ts';
import type { WebhookDelivery } from '../../../services/simulators/clm/state.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

const TOKEN = 'clm-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('CLM simulator', () => {
  let clm: ClmSimulator;
  let receiver: WebhookReceiver;

  before(async () => {
    clm = await startClmSimulator({ port: 0, apiToken: TOKEN, delivery: { retryDelaysMs: [10, 20, 40] } });
    receiver = await startWebhookReceiver();
  });

  after(async () => {
    await clm.close();
    await receiver.close();
  });

  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.responses.length = 0;
    for (const webhook of clm.state.webhooks.values()) await request(clm.url).delete(`/public/api/v1/webhooks/${webhook.id}`).set(auth);
  });

  async function createWorkflow(attributes: Record<string, unknown> = { counterpartyName: 'Globex GmbH' }) {
    const response = await request(clm.url).post('/_sim/workflows').send({ title: 'Globex MSA', attributes }).expect(201);
    return response.body as { id: string; ironcladId: string };
  }

  async function registerWebhook(targetURL = receiver.hookUrl) {
    return request(clm.url).post('/public/api/v1/webhooks').set(auth).send({ events: ['workflow_completed'], targetURL });
  }

  describe('authentication', () => {
    it('rejects a missing bearer token', async () => {
      const response = await request(clm.url).get('/public/api/v1/webhooks').expect(401);
      assert.equal(response.body.code, 'UNAUTHORIZED');
    });

    it('rejects a wrong bearer token', async () => {
      await request(clm.url).get('/public/api/v1/webhooks').set('authorization', 'Bearer wrong').expect(401);
    });
  });

  describe('workflows', () => {
    it('returns a created workflow', async () => {
      const created = await createWorkflow();
      const response = await request(clm.url).get(`/public/api/v1/workflows/${created.id}`).set(auth).expect(200);
      assert.equal(response.body.title, 'Globex MSA');
      assert.equal(response.body.status, 'active');
      assert.equal(response.body.attributes.counterpartyName, 'Globex GmbH');
      assert.match(response.body.id, /^[0-9a-f]{24}$/);
      assert.ok(response.body.created);
      assert.ok(response.body.lastUpdated);
    });

    it('finds a workflow by its Ironclad id', async () => {
      const created = await createWorkflow();
      const response = await request(clm.url).get(`/public/api/v1/workflows/${created.ironcladId}`).set(auth).expect(200);
      assert.equal(response.body.id, created.id);
    });

    it('returns 404 for an unknown workflow', async () => {
      const response = await request(clm.url).get('/public/api/v1/workflows/nope').set(auth).expect(404);
      assert.equal(response.body.code, 'NOT_FOUND');
    });

    it('updates attributes from an object', async () => {
      const created = await createWorkflow();
      const response = await request(clm.url)
        .patch(`/public/api/v1/workflows/${created.id}/attributes`)
        .set(auth)
        .send({ updates: { throughlineStatus: 'activated', erpProjectId: 'PROJ-0001' }, comment: 'Project created' })
        .expect(200);
      assert.equal(response.body.attributes.throughlineStatus, 'activated');
      assert.equal(response.body.attributes.erpProjectId, 'PROJ-0001');
      assert.equal(response.body.attributes.counterpartyName, 'Globex GmbH');
    });

    it('updates attributes from an action list', async () => {
      const created = await createWorkflow({ counterpartyName: 'Globex GmbH', draft: true });
      const response = await request(clm.url)
        .patch(`/public/api/v1/workflows/${created.id}/attributes`)
        .set(auth)
        .send({ updates: [{ action: 'set', path: 'erpProjectId', value: 'PROJ-0002' }, { action: 'remove', path: 'draft' }] })
        .expect(200);
      assert.equal(response.body.attributes.erpProjectId, 'PROJ-0002');
      assert.equal('draft' in response.body.attributes, false);
    });

    it('rejects malformed attribute updates', async () => {
      const created = await createWorkflow();
      const cases: unknown[] = [{}, { updates: {} }, { updates: [{ action: 'move', path: 'x' }] }, { updates: { a: 1 }, comment: 5 }];
      for (const body of cases) {
        const response = await request(clm.url).patch(`/public/api/v1/workflows/${created.id}/attributes`).set(auth).send(body as object);
        assert.equal(response.status, 400, `expected 400 for ${JSON.stringify(body)}`);
        assert.equal(response.body.code, 'INVALID_PARAM');
      }
    });
  });

  describe('webhooks', () => {
    it('registers, lists and deletes a webhook', async () => {
      const created = await registerWebhook();
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.events, ['workflow_completed']);

      const listed = await request(clm.url).get('/public/api/v1/webhooks').set(auth).expect(200);
      assert.equal(listed.body.count, 1);
      assert.equal(listed.body.list[0].id, created.body.id);

      await request(clm.url).delete(`/public/api/v1/webhooks/${created.body.id}`).set(auth).expect(204);
      await request(clm.url).delete(`/public/api/v1/webhooks/${created.body.id}`).set(auth).expect(404);
    });

    it('rejects a target outside loopback', async () => {
      const response = await registerWebhook('http://example.com/hooks');
      assert.equal(response.status, 400);
      assert.equal(response.body.param, 'targetURL');
    });

    it('rejects an unknown event type', async () => {
      const response = await request(clm.url).post('/public/api/v1/webhooks').set(auth).send({ events: ['contract_signed'], targetURL: receiver.hookUrl });
      assert.equal(response.status, 400);
      assert.equal(response.body.param, 'events');
    });

    it('rejects a second webhook for one target', async () => {
      await registerWebhook();
      const response = await registerWebhook();
      assert.equal(response.status, 400);
    });

    it('publishes the verification key as PEM', async () => {
      const response = await request(clm.url).get('/public/api/v1/webhooks/verification-key').set(auth).expect(200);
      assert.match(response.text, /^-----BEGIN PUBLIC KEY-----/);
    });
  });

  describe('execution and delivery', () => {
    async function publicKey(): Promise<string> {
      const response = await request(clm.url).get('/public/api/v1/webhooks/verification-key').set(auth).expect(200);
      return response.text;
    }

    it('delivers a signed workflow_completed event', async () => {
      const webhook = await registerWebhook();
      const workflow = await createWorkflow();
      const executed = await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);
      assert.equal(executed.body.workflow.status, 'completed');
      assert.equal(executed.body.deliveries.length, 1);
      assert.equal(receiver.received.length, 1);

      const hook = receiver.received[0]!;
      const body = JSON.parse(hook.rawBody.toString('utf8'));
      assert.equal(body.webhookID, webhook.body.id);
      assert.equal(body.companyID, clm.state.companyId);
      assert.deepEqual(body.payload, { event: 'workflow_completed', workflowID: workflow.id, templateID: 'professional-services-agreement' });

      const eventId = hook.headers['x-ironclad-webhook-event-id'] as string;
      const verificationHeader = hook.headers['x-ironclad-webhook-verification'] as string;
      assert.equal(eventId, executed.body.deliveries[0].eventId);
      assert.equal(JSON.parse(verificationHeader).signAlgorithm, 'RSA-SHA256');

      const key = await publicKey();
      const valid = verifyIroncladWebhook({ publicKeyPem: key, eventId, verificationHeader, rawBody: hook.rawBody });
      assert.deepEqual(valid, { valid: true, eventId });

      const tampered = Buffer.from(hook.rawBody);
      tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 0x01;
      const invalid = verifyIroncladWebhook({ publicKeyPem: key, eventId, verificationHeader, rawBody: tampered });
      assert.equal(invalid.valid, false);

      const otherEvent = verifyIroncladWebhook({ publicKeyPem: key, eventId: `${eventId}x`, verificationHeader, rawBody: hook.rawBody });
      assert.equal(otherEvent.valid, false);
    });

    it('signs forged bodies with the simulator key', async () => {
      const key = await publicKey();
      const body = JSON.stringify({ payload: { event: 'workflow_completed', workflowID: 'forged' } });
      const good = signIroncladWebhook(clm.keyPair.privateKeyPem, 'evt-1', body);
      const verified = verifyIroncladWebhook({
        publicKeyPem: key,
        eventId: 'evt-1',
        verificationHeader: good.headers['X-Ironclad-Webhook-Verification'],
        rawBody: body,
      });
      assert.equal(verified.valid, true);

      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const forged = signIroncladWebhook(stranger, 'evt-1', body);
      const rejected = verifyIroncladWebhook({ publicKeyPem: key, eventId: 'evt-1', verificationHeader: forged.headers['X-Ironclad-Webhook-Verification'], rawBody: body });
      assert.deepEqual(rejected, { valid: false, reason: 'signature does not match' });
    });

    it('rejects malformed verification headers', async () => {
      const key = await publicKey();
      const cases: [string | undefined, string | undefined, RegExp][] = [
        [undefined, '{}', /missing x-ironclad-webhook-event-id/],
        ['evt', undefined, /missing x-ironclad-webhook-verification/],
        ['evt', 'not json', /not valid JSON/],
        ['evt', JSON.stringify({ nonce: 'n' }), /lacks nonce or signature/],
        ['evt', JSON.stringify({ nonce: 'n', signature: 'AA==', signAlgorithm: 'HMAC', encoding: 'base64' }), /unsupported signature scheme/],
      ];
      for (const [eventId, verificationHeader, reason] of cases) {
        const result = verifyIroncladWebhook({ publicKeyPem: key, eventId, verificationHeader, rawBody: '{}' });
        assert.equal(result.valid, false);
        assert.match((result as { reason: string }).reason, reason);
      }
    });

    it('retries a delivery after 5xx responses', async () => {
      await registerWebhook();
      receiver.responses.push(503, 500);
      const workflow = await createWorkflow();
      const executed = await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);

      const delivery = executed.body.deliveries[0] as WebhookDelivery;
      assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [503, 500, 200]);
      assert.equal(delivery.delivered, true);
      assert.equal(receiver.received.length, 3);
      const eventIds = new Set(receiver.received.map((hook) => hook.headers['x-ironclad-webhook-event-id']));
      assert.equal(eventIds.size, 1);
    });

    it('stops after a 4xx response', async () => {
      await registerWebhook();
      receiver.responses.push(401);
      const workflow = await createWorkflow();
      const executed = await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);
      const delivery = executed.body.deliveries[0] as WebhookDelivery;
      assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [401]);
      assert.equal(delivery.delivered, false);
    });

    it('records connection failures and gives up', async () => {
      const closed = await startWebhookReceiver();
      await closed.close();
      await registerWebhook(closed.hookUrl);
      const workflow = await createWorkflow();
      const executed = await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);
      const delivery = executed.body.deliveries[0] as WebhookDelivery;
      assert.equal(delivery.attempts.length, 4);
      assert.ok(delivery.attempts.every((attempt) => attempt.status === undefined && attempt.error === 'ECONNREFUSED'));
      assert.equal(delivery.delivered, false);
    });

    it('redelivers with the same event id', async () => {
      await registerWebhook();
      const workflow = await createWorkflow();
      const executed = await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);
      const eventId = executed.body.deliveries[0].eventId as string;

      const replay = await request(clm.url).post(`/_sim/webhooks/${eventId}/redeliver`).expect(200);
      assert.equal(replay.body.eventId, eventId);
      assert.equal(replay.body.redelivery, true);
      assert.equal(receiver.received.length, 2);
      assert.equal(receiver.received[1]!.headers['x-ironclad-webhook-event-id'], eventId);
      assert.deepEqual(receiver.received[1]!.rawBody, receiver.received[0]!.rawBody);

      const key = await publicKey();
      const verified = verifyIroncladWebhook({
        publicKeyPem: key,
        eventId,
        verificationHeader: receiver.received[1]!.headers['x-ironclad-webhook-verification'] as string,
        rawBody: receiver.received[1]!.rawBody,
      });
      assert.equal(verified.valid, true);
    });

    it('returns 404 redelivering an unknown event', async () => {
      await request(clm.url).post('/_sim/webhooks/no-such-event/redeliver').expect(404);
    });

    it('dumps workflows and deliveries', async () => {
      await registerWebhook();
      const workflow = await createWorkflow();
      await request(clm.url).post(`/_sim/workflows/${workflow.id}/execute`).expect(200);
      const state = await request(clm.url).get('/_sim/state').expect(200);
      assert.ok(state.body.workflows.some((candidate: { id: string }) => candidate.id === workflow.id));
      assert.ok(state.body.deliveries.some((delivery: WebhookDelivery) => delivery.workflowId === workflow.id));
    });
  });

  describe('persistence', () => {
    it('keeps workflows and the signing key across a restart', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'clm-sim-'));
      const stateFile = join(directory, 'clm.json');
      try {
        const first = await startClmSimulator({ port: 0, apiToken: TOKEN, stateFile });
        const created = await request(first.url).post('/_sim/workflows').send({ title: 'Kept' }).expect(201);
        const firstKey = first.keyPair.publicKeyPem;
        await first.close();

        const second = await startClmSimulator({ port: 0, apiToken: TOKEN, stateFile });
        try {
          await request(second.url).get(`/public/api/v1/workflows/${created.body.id}`).set(auth).expect(200);
          assert.equal(second.keyPair.publicKeyPem, firstKey);
          const next = await request(second.url).post('/_sim/workflows').send({ title: 'Next' }).expect(201);
          assert.equal(next.body.ironcladId, 'IC-2');
        } finally {
          await second.close();
        }
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });
});
