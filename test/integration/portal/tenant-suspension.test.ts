import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { controlModels } from '../../../services/core/models/control.ts';
import { accessToken, startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

const workflowTemplate = readFileSync(new URL('../../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8');

describe('tenant suspension from the portal', function () {
  this.timeout(90_000);
  let platform: RunningPlatform;
  let stack: PortalStack;
  let cookie = '';

  before(async () => {
    platform = await startPlatform({ startWorkers: false });
    const operator = await createPortalUser('suspension-operator', [{ role: 'platform-admin', tenantId: null }]);
    stack = await startPortalStack([operator], { gatewayUrl: platform.gatewayUrl });
    cookie = (await signInOverHttp(stack.portalUrl, operator.email, operator.password)).cookie;
  });

  after(async () => {
    await stack?.close();
    await platform?.close();
  });

  async function submit(path: string, fields: Record<string, string>) {
    const page = await request(stack.portalUrl).get(`/tenants/${platform.tenant.slug}/settings`).set('Cookie', cookie);
    return request(stack.portalUrl).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }

  async function tokenStatus(): Promise<number> {
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${platform.client.clientId}:${platform.client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    return response.status;
  }

  // Executes a new workflow in the CLM simulator, which signs and sends the webhook.
  async function deliverWebhook(): Promise<boolean> {
    const created = await (await fetch(`${platform.clm.url}/_sim/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: workflowTemplate })).json() as { id: string };
    const executed = await (await fetch(`${platform.clm.url}/_sim/workflows/${created.id}/execute`, { method: 'POST' })).json() as { deliveries: { delivered: boolean }[] };
    return executed.deliveries[0]!.delivered;
  }

  it('rejects tokens and webhooks while suspended', async () => {
    assert.equal(await tokenStatus(), 200, 'tokens are issued before the suspension');
    assert.equal(await deliverWebhook(), true, 'webhooks are accepted before the suspension');
    // A token issued before the suspension and not used yet, so no gateway cache contains its client.
    const earlierToken = await accessToken(platform);

    const suspended = await submit(`/tenants/${platform.tenant.slug}/suspend`, { reason: 'unpaid invoice 2026-11' });
    assert.equal(suspended.status, 303);
    assert.equal((await controlModels().Tenant.findByPk(platform.tenant.tenantId))?.status, 'suspended');

    assert.equal(await tokenStatus(), 401, 'the token endpoint rejects the client');
    const call = await fetch(`${platform.gatewayUrl}/v1/runs`, { headers: { authorization: `Bearer ${earlierToken}` } });
    assert.equal(call.status, 401, 'a token issued before the suspension is rejected');
    assert.equal(await deliverWebhook(), false, 'the gateway rejects the webhook');
  });

  it('audits the suspension with its reason', async () => {
    const record = await controlModels().ControlAuditRecord.findOne({ where: { objectId: platform.tenant.tenantId, action: 'tenant.suspend' } });
    assert.ok(record);
    assert.deepEqual(record.before, { status: 'active' });
    assert.deepEqual(record.after, { status: 'suspended', note: 'unpaid invoice 2026-11' });
  });

  it('issues tokens again after resuming', async () => {
    const resumed = await submit(`/tenants/${platform.tenant.slug}/resume`, {});
    assert.equal(resumed.status, 303);
    assert.equal(await tokenStatus(), 200);
    assert.equal(await deliverWebhook(), true);
  });

  it('requires a reason to suspend', async () => {
    const response = await submit(`/tenants/${platform.tenant.slug}/suspend`, { reason: '' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="reason-error">Enter why the tenant is suspended/);
  });

  it('changes plan and tier with before and after', async () => {
    const response = await submit(`/tenants/${platform.tenant.slug}/settings`, { plan: 'enterprise', apiTier: 'enterprise' });
    assert.equal(response.status, 303);
    const record = await controlModels().ControlAuditRecord.findOne({ where: { objectId: platform.tenant.tenantId, action: 'tenant.update-plan' } });
    assert.deepEqual(record?.before, { plan: 'standard', apiTier: 'standard' });
    assert.deepEqual(record?.after, { plan: 'enterprise', apiTier: 'enterprise' });

    const invalid = await submit(`/tenants/${platform.tenant.slug}/settings`, { plan: 'platinum', apiTier: 'gold' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /id="plan-error">Choose one of the plans/);
    assert.match(invalid.text, /id="apiTier-error">API tier &quot;gold&quot; does not exist/);
  });
});
