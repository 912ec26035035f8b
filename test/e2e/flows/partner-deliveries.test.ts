import assert from 'node:assert/strict';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';
import { accessToken, eventually, startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, json } from './flow-helpers.ts';

interface DeliveryView {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
}

// A partner endpoint that fails its first delivery: the platform retries with backoff, signs
// every attempt per Standard Webhooks, logs each delivery and sends one again on request.
describe('partner deliveries, end to end', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let partner: RunningServer;
  let token: string;
  let endpoint: { id: string; secret: string };
  const received: { headers: Record<string, string>; body: string }[] = [];
  let failuresLeft = 1;

  before(async () => {
    const app = express();
    app.use(express.text({ type: '*/*' }));
    app.post('/throughline-events', (req, res) => {
      received.push({ headers: req.headers as Record<string, string>, body: req.body as string });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.status(503).end();
        return;
      }
      res.status(204).end();
    });
    partner = await listen(app, '127.0.0.1', 0);
    platform = await startPlatform();
    token = await accessToken(platform);
  });

  after(async () => {
    await platform?.close();
    await partner?.close();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${platform.gatewayUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...init.headers } });

  async function deliveries(): Promise<DeliveryView[]> {
    return (await json<{ deliveries: DeliveryView[] }>(await api(`/v1/partner-endpoints/${endpoint.id}/deliveries`))).deliveries;
  }

  it('subscribes an endpoint and shows its secret once', async () => {
    const response = await api('/v1/partner-endpoints', { method: 'POST', body: JSON.stringify({ url: `${partner.url}/throughline-events`, eventTypes: ['project.activated'] }) });
    assert.equal(response.status, 201, await response.clone().text());
    endpoint = await response.json() as { id: string; secret: string };
    assert.match(endpoint.secret, /^whsec_/);
    const listed = await json<{ data: Record<string, unknown>[] }>(await api('/v1/partner-endpoints'));
    assert.equal(listed.data.length, 1);
    assert.equal(listed.data[0]!.secret, undefined);
  });

  it('rejects an event type partners cannot subscribe to', async () => {
    const response = await api('/v1/partner-endpoints', { method: 'POST', body: JSON.stringify({ url: `${partner.url}/x`, eventTypes: ['contract.executed'] }) });
    assert.equal(response.status, 400);
  });

  it('retries a failed delivery and signs it', async () => {
    await executeWorkflow(platform, exampleWorkflow());
    const [run] = await finishedRuns(platform, 'contract-activation');
    assert.equal(run!.status, 'completed', run!.error ?? '');
    await platform.workers[0]!.drainOutbox();

    const [delivery] = await eventually(async () => {
      const log = await deliveries();
      return log[0]?.status === 'delivered' ? log : undefined;
    }, 'the partner delivery to succeed', 20_000);
    assert.equal(delivery!.eventType, 'project.activated');
    assert.equal(delivery!.attempts, 2);
    assert.equal(received.length, 2);
    assert.equal(received[0]!.headers['webhook-id'], received[1]!.headers['webhook-id']);

    const message = new Webhook(endpoint.secret).verify(received[1]!.body, received[1]!.headers) as { type: string; data: { contractId: string } };
    assert.equal(message.type, 'project.activated');
    assert.equal(message.data.contractId, run!.contractId);
  });

  it('resends a delivery on request', async () => {
    const [delivery] = await deliveries();
    const response = await api(`/v1/partner-deliveries/${delivery!.id}/resend`, { method: 'POST' });
    assert.equal(response.status, 202);
    await platform.workers[0]!.drainOutbox();
    await eventually(async () => ((await deliveries())[0]!.attempts === 3 ? true : undefined), 'the resend to be recorded');
    assert.equal(received.length, 3);
  });
});
