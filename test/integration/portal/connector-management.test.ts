import assert from 'node:assert/strict';
import request from 'supertest';
import { findConnectorBySlug } from '../../../services/core/connector-registry.ts';
import { decryptSecret } from '../../../services/core/crypto.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { startCrmSimulator, type CrmSimulator } from '../../../services/simulators/crm/server.ts';
import { startErpSimulator, type ErpSimulator } from '../../../services/simulators/erp/server.ts';
import { startPsaSimulator, type PsaSimulator } from '../../../services/simulators/psa/server.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal connector management', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let erp: ErpSimulator;
  let crm: CrmSimulator;
  let psa: PsaSimulator;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let cookie = '';

  before(async () => {
    erp = await startErpSimulator({ port: 0, apiKey: 'sim-key', apiSecret: 'sim-secret' });
    crm = await startCrmSimulator({ port: 0, accessToken: 'crm-token' });
    psa = await startPsaSimulator({ port: 0, clientId: 'psa-client', clientSecret: 'psa-secret' });
    tenant = await createTenant();
    const admin = await createPortalUser('connectors-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([admin]);
    cookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
  });

  after(async () => {
    await stack?.close();
    await erp?.close();
    await crm?.close();
    await psa?.close();
  });

  const base = () => `/tenants/${tenant.slug}`;
  const get = (path: string) => request(stack.portalUrl).get(path).set('Cookie', cookie);
  async function post(path: string, fields: Record<string, string>) {
    const page = await get(`${base()}/residency`);
    return request(stack.portalUrl).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }
  const stored = async () => withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) =>
    (await regionModels(tenant.region).Connector.findOne({ where: { slug: 'erp' }, transaction }))!.get({ plain: true }));
  const credentials = async () => {
    const row = await stored();
    return JSON.parse(decryptSecret(row.credentialsEncrypted, row.id)) as Record<string, string>;
  };

  it('creates a connector with its hosting region', async () => {
    const response = await post(`${base()}/connectors`, {
      slug: 'erp', name: 'ERPNext', kind: 'erp', driver: 'erpnext', baseUrl: erp.url, authKind: 'api-token',
      apiKey: 'wrong-key', apiSecret: 'wrong-secret', hostingRegion: 'eu',
    });
    assert.equal(response.status, 303);
    const page = await get(`${base()}/connectors/erp`);
    assert.match(page.text, /Hosting region<\/dt><dd>eu/);
    assert.doesNotMatch(page.text, /wrong-secret/);
  });

  it('reports a failed connection test', async () => {
    const response = await post(`${base()}/connectors/erp/test`, {});
    assert.equal(response.status, 200);
    assert.match(response.text, /Connection failed: /);
    assert.match(response.text, /401|403/);
  });

  it('keeps credentials when the edit leaves them empty', async () => {
    const response = await post(`${base()}/connectors/erp`, { name: 'ERPNext renamed', baseUrl: erp.url, hostingRegion: 'eu' });
    assert.equal(response.status, 303);
    assert.equal((await stored()).name, 'ERPNext renamed');
    assert.deepEqual(await credentials(), { apiKey: 'wrong-key', apiSecret: 'wrong-secret' });
  });

  it('requires every credential to replace them', async () => {
    const response = await post(`${base()}/connectors/erp`, { name: 'ERPNext', baseUrl: erp.url, hostingRegion: 'eu', apiKey: 'sim-key' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="apiSecret-error">Enter the ERPNext API secret too/);
    assert.match(response.text, /value="ERPNext"/, 'the form keeps the typed name');
    assert.doesNotMatch(response.text, /sim-key/, 'the form never echoes a secret');
  });

  it('replaces credentials and passes the test', async () => {
    const response = await post(`${base()}/connectors/erp`, { name: 'ERPNext', baseUrl: erp.url, hostingRegion: 'eu', apiKey: 'sim-key', apiSecret: 'sim-secret' });
    assert.equal(response.status, 303);
    assert.deepEqual(await credentials(), { apiKey: 'sim-key', apiSecret: 'sim-secret' });
    const check = await post(`${base()}/connectors/erp/test`, {});
    assert.match(check.text, /Connection works: ERPNext accepted the API key and secret/);

    const audit = await controlModels().ControlAuditRecord.findAll({ where: { tenantId: tenant.id, action: 'connector.update' }, order: [['id', 'ASC']] });
    const last = audit.at(-1)!;
    assert.equal((last.after as Record<string, unknown>).credentialsReplaced, true);
    assert.doesNotMatch(JSON.stringify(audit.map((record) => [record.before, record.after])), /sim-secret|wrong-secret/, 'no secret in the audit log');
  });

  it('disables and enables with audit records', async () => {
    assert.equal((await post(`${base()}/connectors/erp/disable`, {})).status, 303);
    assert.equal((await findConnectorBySlug({ tenantId: tenant.id, region: tenant.region }, 'erp'))?.status, 'disabled');
    const record = await controlModels().ControlAuditRecord.findOne({ where: { tenantId: tenant.id, action: 'connector.disable' } });
    assert.equal((record?.before as Record<string, unknown>).status, 'active');
    assert.equal((record?.after as Record<string, unknown>).status, 'disabled');
    assert.equal((await post(`${base()}/connectors/erp/enable`, {})).status, 303);
    assert.equal((await findConnectorBySlug({ tenantId: tenant.id, region: tenant.region }, 'erp'))?.status, 'active');
  });

  it('enforces the residency policy on save and call', async () => {
    assert.equal((await post(`${base()}/connectors/erp`, { name: 'ERPNext', baseUrl: erp.url, hostingRegion: 'us' })).status, 303);
    assert.equal((await post(`${base()}/residency`, { connectorsInRegionOnly: 'yes' })).status, 303);

    const page = await get(`${base()}/residency`);
    assert.match(page.text, /calls are rejected/);
    const check = await post(`${base()}/connectors/erp/test`, {});
    assert.match(check.text, /Connection failed: The connector is hosted in us, but this tenant accepts only connectors hosted in its own region eu/);
    const rejected = await post(`${base()}/connectors/erp`, { name: 'ERPNext', baseUrl: erp.url, hostingRegion: 'us' });
    assert.equal(rejected.status, 400);
    assert.match(rejected.text, /id="hostingRegion-error">The connector is hosted in us/);
    const created = await post(`${base()}/connectors`, {
      slug: 'erp-us', name: 'US ERP', kind: 'erp', driver: 'erpnext', baseUrl: erp.url, authKind: 'api-token', apiKey: 'k', apiSecret: 's', hostingRegion: 'us',
    });
    assert.equal(created.status, 400);
    assert.equal(await findConnectorBySlug({ tenantId: tenant.id, region: tenant.region }, 'erp-us'), null);

    assert.equal((await post(`${base()}/connectors/erp`, { name: 'ERPNext', baseUrl: erp.url, hostingRegion: 'eu' })).status, 303);
    assert.match((await post(`${base()}/connectors/erp/test`, {})).text, /Connection works/);
  });

  it('creates and checks CRM and PSA connectors', async () => {
    const hubspot = await post(`${base()}/connectors`, {
      slug: 'hubspot', name: 'HubSpot', kind: 'crm', driver: 'hubspot', baseUrl: crm.url, authKind: 'api-token', accessToken: 'crm-token', hostingRegion: 'eu',
    });
    assert.equal(hubspot.status, 303);
    assert.match((await post(`${base()}/connectors/hubspot/test`, {})).text, /Connection works: HubSpot accepted the access token/);

    const wrongAuth = await post(`${base()}/connectors`, {
      slug: 'kantata', name: 'Kantata', kind: 'psa', driver: 'kantata', baseUrl: psa.url, authKind: 'api-token', clientId: 'psa-client', clientSecret: 'psa-secret',
      tokenUrl: `${psa.url}/oauth/token`, webhookSecret: 'not-a-secret', hostingRegion: 'eu',
    });
    assert.equal(wrongAuth.status, 400);
    assert.match(wrongAuth.text, /id="authKind-error">Kantata connectors use OAuth 2.0 client credentials authentication/);
    assert.match(wrongAuth.text, /id="webhookSecret-error">This is not a Standard Webhooks secret/);
    assert.doesNotMatch(wrongAuth.text, /psa-secret|not-a-secret/, 'no secret is echoed');

    const kantata = await post(`${base()}/connectors`, {
      slug: 'kantata', name: 'Kantata', kind: 'psa', driver: 'kantata', baseUrl: psa.url, authKind: 'oauth-client-credentials', clientId: 'psa-client', clientSecret: 'psa-secret',
      tokenUrl: `${psa.url}/oauth/token`, webhookSecret: `whsec_${Buffer.from('portal-test-webhook-key-32-bytes').toString('base64')}`, hostingRegion: 'eu',
    });
    assert.equal(kantata.status, 303);
    const page = await post(`${base()}/connectors/kantata/test`, {});
    assert.match(page.text, /Connection works: Kantata issued a token and accepted it/);
    assert.match(page.text, new RegExp(`/hooks/${tenant.slug}/kantata`), 'the page shows the webhook URL');
  });

  it('shows 404 for an unknown connector', async () => {
    const response = await get(`${base()}/connectors/nope`);
    assert.equal(response.status, 404);
    assert.match(response.text, /has no connector &quot;nope&quot;/);
  });
});
