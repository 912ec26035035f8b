import assert from 'node:assert/strict';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { KantataClient } from '../../../services/connectors/psa/kantata.ts';
import { TransientConnectorError } from '../../../services/connectors/errors.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';
import { startPsaSimulator, type PsaSimulator } from '../../../services/simulators/psa/server.ts';

const SECRET = `whsec_${Buffer.from('kantata-test-webhook-signing-key').toString('base64')}`;

describe('Kantata driver against the PSA simulator', () => {
  let psa: PsaSimulator;
  let client: KantataClient;
  let receiver: RunningServer;
  const received: { headers: Record<string, string>; body: string }[] = [];

  before(async () => {
    psa = await startPsaSimulator({ port: 0, clientId: 'psa-client', clientSecret: 'psa-secret', tokenLifetimeSeconds: 3600 });
    client = new KantataClient({
      baseUrl: psa.url,
      auth: { kind: 'oauth-client-credentials', tokenUrl: `${psa.url}/oauth/token`, clientId: 'psa-client', clientSecret: 'psa-secret' },
      connectorId: `psa-${Date.now()}`,
    });
    const app = express();
    app.use(express.text({ type: '*/*' }));
    app.post('/hook', (req, res) => {
      received.push({ headers: req.headers as Record<string, string>, body: req.body as string });
      res.status(204).end();
    });
    receiver = await listen(app, '127.0.0.1', 0);
  });

  after(async () => {
    await psa.close();
    await receiver.close();
  });

  it('creates a workspace and finds it by reference', async () => {
    const made = await client.createWorkspace({ title: 'Hansa ERP roll-out', start_date: '2027-01-04', currency: 'EUR', price_in_cents: 12_000_000, external_reference: 'contract-1' });
    const found = await client.findWorkspaceByReference('contract-1');
    assert.equal(found?.id, made.id);
    assert.equal(await client.findWorkspaceByReference('contract-2'), undefined);
  });

  it('requests one OAuth token for many calls', async () => {
    const before = psa.tokens.issued;
    await client.findWorkspaceByReference('a');
    await client.findWorkspaceByReference('b');
    assert.ok(psa.tokens.issued - before <= 1);
  });

  it('adds roles and milestones to a workspace', async () => {
    const workspace = await client.createWorkspace({ title: 'Roles', start_date: '2027-01-04', currency: 'EUR', price_in_cents: 100, external_reference: 'contract-roles' });
    await client.createResource({ workspace_id: workspace.id, role_name: 'partner', bill_rate_in_cents: 240_000, rate_unit: 'day' });
    await client.createMilestone({ workspace_id: workspace.id, title: 'Design signed off', due_date: '2027-03-01', budget_estimate_in_cents: 5_000_000 });
    const roles = await client.listResources(workspace.id);
    assert.deepEqual(roles.map((role) => [role.role_name, role.bill_rate_in_cents, role.rate_unit]), [['partner', 240_000, 'day']]);
    const milestones = await client.listMilestones(workspace.id);
    assert.equal(milestones.length, 1);
    assert.equal(milestones[0]!.story_type, 'milestone');
    assert.equal(milestones[0]!.state, 'not started');
  });

  it('archives a workspace', async () => {
    const workspace = await client.createWorkspace({ title: 'To archive', start_date: '2027-01-04', currency: 'EUR', price_in_cents: 0, external_reference: 'contract-archive' });
    assert.equal((await client.setWorkspaceArchived(workspace.id, true)).archived, true);
  });

  it('sends a signed story.completed webhook', async () => {
    const workspace = await client.createWorkspace({ title: 'Hooks', start_date: '2027-01-04', currency: 'EUR', price_in_cents: 0, external_reference: 'contract-hooks' });
    const story = await client.createMilestone({ workspace_id: workspace.id, title: 'Go-live', due_date: '2027-05-01', budget_estimate_in_cents: 100 });
    await fetch(`${psa.url}/_sim/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${receiver.url}/hook`, secret: SECRET }) });
    const completed = await fetch(`${psa.url}/_sim/stories/${story.id}/complete`, { method: 'POST' });
    assert.equal(completed.status, 200);

    const last = received.at(-1)!;
    const payload = new Webhook(SECRET).verify(last.body, last.headers) as { type: string; data: Record<string, unknown> };
    assert.equal(payload.type, 'story.completed');
    assert.equal(payload.data.story_id, story.id);
    assert.equal(payload.data.workspace_external_reference, 'contract-hooks');
  });

  it('raises a transient error on an injected 503', async () => {
    psa.faults.add([{ method: 'GET', resource: 'workspaces', status: 503, times: 1 }]);
    await assert.rejects(client.findWorkspaceByReference('x'), (error: Error) => error instanceof TransientConnectorError && error.status === 503);
  });

  it('applies a fault sent in the request header', async () => {
    const token = await fetch(`${psa.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('psa-client:psa-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = await token.json() as { access_token: string };
    const faulty = await fetch(`${psa.url}/api/v1/workspaces`, { headers: { authorization: `Bearer ${accessToken}`, 'x-simulator-fault': '{"status":500}' } });
    assert.equal(faulty.status, 500);
    const plain = await fetch(`${psa.url}/api/v1/workspaces`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(plain.status, 200);
  });

  it('rejects the API without a token', async () => {
    const response = await fetch(`${psa.url}/api/v1/workspaces`, { headers: { 'x-simulator-fault': '{"status":500}' } });
    assert.equal(response.status, 401);
  });
});
