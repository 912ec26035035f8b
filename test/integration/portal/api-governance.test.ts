import assert from 'node:assert/strict';
import request from 'supertest';
import { apiPolicyModels } from '../../../services/core/models/api-policy.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal API clients and versions', function () {
  this.timeout(90_000);
  let platform: RunningPlatform;
  let stack: PortalStack;
  let cookie = '';
  let operatorCookie = '';
  let newSecret = '';

  before(async () => {
    platform = await startPlatform({ startWorkers: false });
    const admin = await createPortalUser('governance-admin', [{ role: 'tenant-admin', tenantId: platform.tenant.tenantId }]);
    const operator = await createPortalUser('governance-operator', [{ role: 'platform-admin', tenantId: null }]);
    stack = await startPortalStack([admin, operator], { gatewayUrl: platform.gatewayUrl });
    cookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
    operatorCookie = (await signInOverHttp(stack.portalUrl, operator.email, operator.password)).cookie;
  });

  after(async () => {
    await stack?.close();
    await platform?.close();
  });

  const base = () => `/tenants/${platform.tenant.slug}`;
  async function submit(path: string, fields: Record<string, string | string[]>, as = cookie) {
    const page = await request(stack.portalUrl).get('/regions').set('Cookie', as);
    return request(stack.portalUrl).post(path).set('Cookie', as).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }

  async function tokenStatus(secret: string, scope?: string): Promise<{ status: number; token?: string }> {
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${platform.client.clientId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
    });
    const body = await response.json() as { access_token?: string };
    return { status: response.status, token: body.access_token };
  }

  // Runs before any token request, because the gateway caches a tenant's policy for 30 seconds
  // from the first token it issues.
  it('pins the tenant to a version', async () => {
    const invalid = await submit(`${base()}/api-versions`, { pinnedVersion: 'v1', forbiddenVersions: ['v1'] });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /id="forbiddenVersions-error">You pinned v1 and also forbade it/);

    assert.equal((await submit(`${base()}/api-versions`, { pinnedVersion: 'v1' })).status, 303);
    const policy = await apiPolicyModels().TenantApiPolicy.findByPk(platform.tenant.tenantId);
    assert.equal(policy?.pinnedVersion, 'v1');

    const { token } = await tokenStatus(platform.client.secret, 'contracts:read');
    const v2 = await fetch(`${platform.gatewayUrl}/v2/contracts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(v2.status, 403, 'the gateway rejects the version the tenant did not pin');
    const v1 = await fetch(`${platform.gatewayUrl}/v1/contracts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(v1.status, 200);
  });

  it('rotates a secret with a grace period', async () => {
    const form = await request(stack.portalUrl).get(`${base()}/api-clients/${platform.client.clientId}/rotate`).set('Cookie', cookie);
    assert.equal(form.status, 200);
    const rotated = await submit(`${base()}/api-clients/${platform.client.clientId}/rotate`, { graceHours: '24' });
    assert.equal(rotated.status, 303);
    assert.equal(rotated.headers.location, `${base()}/api-clients/${platform.client.clientId}/secret`);
    const response = await request(stack.portalUrl).get(String(rotated.headers.location)).set('Cookie', cookie);
    assert.equal(response.status, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    newSecret = /id="client-secret" class="secret">([^<]+)</.exec(response.text)?.[1] ?? '';
    assert.ok(newSecret.length >= 40, 'the new secret is shown once');
    assert.match(response.text, /Previous secret<\/dt><dd>valid until/);

    assert.equal((await tokenStatus(newSecret)).status, 200, 'the new secret works');
    assert.equal((await tokenStatus(platform.client.secret)).status, 200, 'the old secret works during the grace period');
    const audit = await controlModels().ControlAuditRecord.findOne({ where: { objectId: platform.client.clientId, action: 'api-client.rotate-secret' } });
    assert.ok(audit);
    assert.doesNotMatch(JSON.stringify([audit.before, audit.after]), new RegExp(newSecret));

    const list = await request(stack.portalUrl).get(`${base()}/api-clients`).set('Cookie', cookie);
    assert.ok(!list.text.includes(newSecret), 'the list never shows the secret');
  });

  it('validates version lifecycle changes', async () => {
    const rejected = await submit('/api-versions/v1', { status: 'deprecated', sunsetAt: '' }, operatorCookie);
    assert.equal(rejected.status, 400);
    assert.match(rejected.text, /A deprecated version needs a sunset date/);
    assert.equal((await apiPolicyModels().ApiVersionRecord.findByPk('v1'))?.status, 'current', 'nothing changed');
    assert.equal((await submit('/api-versions/v9', { status: 'beta' }, operatorCookie)).status, 404);
  });

  it('revokes a client', async () => {
    assert.equal((await submit(`${base()}/api-clients/${platform.client.clientId}/revoke`, {})).status, 303);
    assert.equal((await tokenStatus(newSecret)).status, 401);
    assert.equal((await controlModels().ApiClient.findOne({ where: { clientId: platform.client.clientId } }))?.status, 'disabled');
    const list = await request(stack.portalUrl).get(`${base()}/api-clients`).set('Cookie', cookie);
    assert.match(list.text, /status-disabled/);
  });

  it('lists the admin changes with before and after', async () => {
    const page = await request(stack.portalUrl).get(`${base()}/audit`).set('Cookie', cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /api-client\.revoke/);
    assert.match(page.text, /<li class="changed"><span class="field-name">status<\/span>: active → disabled<\/li>/);
    assert.match(page.text, /tenant\.api-versions/);
  });
});
