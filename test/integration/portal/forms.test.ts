import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { decryptSecret, verifySecret } from '../../../services/core/crypto.ts';
import { controlDatabase, regionDatabase } from '../../../services/core/database.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createTenant, uniqueSlug } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, GATEWAY_URL, startPortalStack, TEST_PASSWORD, type PortalStack } from './stack.ts';

const WEBHOOK_KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('portal forms', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let cookie = '';
  let operatorEmail = '';

  before(async () => {
    const operator = await createPortalUser('forms-operator', [{ role: 'platform-admin', tenantId: null }]);
    operatorEmail = operator.email;
    stack = await startPortalStack([operator]);
    cookie = (await signInOverHttp(stack.portalUrl, operator.email, operator.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  async function post(formPath: string, action: string, fields: Record<string, string | string[]>) {
    const form = await request(stack.portalUrl).get(formPath).set('Cookie', cookie);
    assert.equal(form.status, 200, `${formPath} renders`);
    return request(stack.portalUrl).post(action).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(form.text), ...fields });
  }

  describe('tenants', () => {
    it('creates a tenant with an audit record', async () => {
      const slug = uniqueSlug('firm');
      const response = await post('/tenants/new', '/tenants', { slug, name: 'Firm & Partners', region: 'us' });
      assert.equal(response.status, 303);
      assert.equal(response.headers.location, `/tenants/${slug}`);

      const tenant = await controlModels().Tenant.findOne({ where: { slug } });
      assert.ok(tenant);
      assert.equal(tenant.region, 'us');
      const audit = await controlModels().ControlAuditRecord.findOne({ where: { objectId: tenant.id, action: 'tenant.create' } });
      assert.ok(audit, 'tenant creation is audited');
      assert.equal(audit.actor, operatorEmail);

      const page = await request(stack.portalUrl).get(`/tenants/${slug}`).set('Cookie', cookie);
      assert.match(page.text, /Tenant Firm &amp; Partners created in region us/);
      assert.match(page.text, /no connectors yet/);
    });

    it('shows field errors and keeps input', async () => {
      const response = await post('/tenants/new', '/tenants', { slug: 'Bad Slug!', name: 'Kept name', region: 'mars' });
      assert.equal(response.status, 400);
      assert.match(response.text, /id="slug-error">&quot;bad slug!&quot; is not a valid slug/);
      assert.match(response.text, /id="region-error">Region &quot;mars&quot; is not configured/);
      assert.match(response.text, /value="Kept name"/);
    });

    it('rejects a duplicate slug beside the field', async () => {
      const existing = await createTenant();
      const response = await post('/tenants/new', '/tenants', { slug: existing.slug, name: 'Copy', region: 'eu' });
      assert.equal(response.status, 409);
      assert.match(response.text, /id="slug-error">A tenant with slug/);
    });
  });

  describe('connectors', () => {
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    before(async () => {
      tenant = await createTenant();
    });

    it('stores Ironclad credentials encrypted', async () => {
      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'ironclad', name: 'Ironclad prod', kind: 'clm', driver: 'ironclad', baseUrl: 'https://acme.ironcladapp.example',
        authKind: 'api-token', apiToken: 'ironclad-token-value', webhookKeyPem: WEBHOOK_KEY, hostingRegion: 'eu',
      });
      assert.equal(response.status, 303);

      const row = await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) =>
        regionModels(tenant.region).Connector.findOne({ where: { tenantId: tenant.id, slug: 'ironclad' }, transaction }));
      assert.ok(row);
      const connector = row.get();
      assert.deepEqual(JSON.parse(decryptSecret(connector.credentialsEncrypted, connector.id)), { apiToken: 'ironclad-token-value' });
      assert.equal(decryptSecret(connector.webhookKeyEncrypted!, connector.id), WEBHOOK_KEY.trim());
      assert.ok(!connector.credentialsEncrypted.includes('ironclad-token-value'));

      const audit = await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) => regionDatabase(tenant.region).query(
        "SELECT actor FROM audit_log WHERE tenant_id = :tenantId AND object_id = :id AND operation = 'connector.create'",
        { replacements: { tenantId: tenant.id, id: connector.id }, type: QueryTypes.SELECT, transaction }));
      assert.equal(audit.length, 1, 'connector creation is audited in the region');

      const page = await request(stack.portalUrl).get(`/tenants/${tenant.slug}`).set('Cookie', cookie);
      assert.ok(page.text.includes(`${GATEWAY_URL}/hooks/${tenant.slug}/ironclad`), 'the list shows the webhook URL');
      assert.ok(!page.text.includes('ironclad-token-value'), 'the list never shows the token');
      assert.ok(!page.text.includes(connector.credentialsEncrypted), 'the list never shows the ciphertext');
    });

    it('stores ERPNext key and secret', async () => {
      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'erpnext', name: 'ERPNext', kind: 'erp', driver: 'erpnext', baseUrl: 'http://127.0.0.1:8091',
        authKind: 'api-token', apiKey: 'erp-key', apiSecret: 'erp-secret', hostingRegion: 'eu',
      });
      assert.equal(response.status, 303);
      const row = await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) =>
        regionModels(tenant.region).Connector.findOne({ where: { tenantId: tenant.id, slug: 'erpnext' }, transaction }));
      assert.ok(row);
      assert.deepEqual(JSON.parse(decryptSecret(row.get().credentialsEncrypted, row.get().id)), { apiKey: 'erp-key', apiSecret: 'erp-secret' });
      assert.equal(row.get().webhookKeyEncrypted, null);
    });

    it('explains invalid fields and drops secrets', async () => {
      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'crm-1', name: 'Mismatch', driver: 'no-such-driver', baseUrl: 'ftp://files.example',
        authKind: 'api-token', apiToken: 'typed-secret', webhookKeyPem: 'not a key',
      });
      assert.equal(response.status, 400);
      assert.match(response.text, /id="driver-error">Choose a driver from the list/);
      assert.match(response.text, /id="baseUrl-error">&quot;ftp:\/\/files.example&quot; is not an http or https URL/);
      assert.match(response.text, /value="Mismatch"/, 'the name is kept');
      assert.ok(!response.text.includes('typed-secret'), 'the secret is not echoed');
    });

    it('derives the kind from the driver', async () => {
      const form = await request(stack.portalUrl).get(`/tenants/${tenant.slug}/connectors/new`).set('Cookie', cookie);
      assert.doesNotMatch(form.text, /name="kind"/, 'the form has no kind to contradict the driver');

      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'ironclad-kind', name: 'Kind from driver', kind: 'erp', driver: 'ironclad', baseUrl: 'https://acme.ironcladapp.example',
        authKind: 'api-token', apiToken: 'ironclad-token-value', webhookKeyPem: WEBHOOK_KEY, hostingRegion: 'eu',
      });
      assert.equal(response.status, 303);
      const row = await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) =>
        regionModels(tenant.region).Connector.findOne({ where: { tenantId: tenant.id, slug: 'ironclad-kind' }, transaction }));
      assert.equal(row?.get().kind, 'clm', 'the posted kind erp is ignored');
    });

    it('rejects an invalid webhook key', async () => {
      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'ironclad-2', name: 'Bad key', kind: 'clm', driver: 'ironclad', baseUrl: 'https://acme.example',
        authKind: 'api-token', apiToken: 't', webhookKeyPem: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----',
      });
      assert.equal(response.status, 400);
      assert.match(response.text, /id="webhookKeyPem-error">This is not a PEM public key/);
    });

    it('rejects a duplicate connector slug', async () => {
      const response = await post(`/tenants/${tenant.slug}/connectors/new`, `/tenants/${tenant.slug}/connectors`, {
        slug: 'erpnext', name: 'Again', kind: 'erp', driver: 'erpnext', baseUrl: 'https://erp.example',
        authKind: 'api-token', apiKey: 'k', apiSecret: 's', hostingRegion: 'eu',
      });
      assert.equal(response.status, 409);
      assert.match(response.text, /id="slug-error">This tenant already has a connector/);
    });
  });

  describe('API clients', () => {
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    before(async () => {
      tenant = await createTenant();
    });

    it('shows the secret once and stores its hash', async () => {
      const empty = await request(stack.portalUrl).get(`/tenants/${tenant.slug}/api-clients`).set('Cookie', cookie);
      assert.match(empty.text, /no API clients/);

      const created = await post(`/tenants/${tenant.slug}/api-clients/new`, `/tenants/${tenant.slug}/api-clients`, {
        name: 'Warehouse', scopes: ['contracts:read', 'runs:read'], tier: 'standard',
      });
      assert.equal(created.status, 303);
      assert.doesNotMatch(created.text, /client-secret/, 'the post response carries no secret');
      const location = String(created.headers.location);
      assert.match(location, new RegExp(`^/tenants/${tenant.slug}/api-clients/${tenant.slug}-[0-9a-f]+/secret$`));
      const response = await request(stack.portalUrl).get(location).set('Cookie', cookie);
      assert.equal(response.status, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      const clientId = /id="client-id">([^<]+)</.exec(response.text)?.[1];
      const secret = /id="client-secret" class="secret">([^<]+)</.exec(response.text)?.[1];
      assert.ok(clientId, 'the page shows the client id');
      assert.ok(secret, 'the page shows the secret');

      const client = await controlModels().ApiClient.findOne({ where: { clientId } });
      assert.ok(client);
      assert.equal(client.tenantId, tenant.id);
      assert.deepEqual(client.scopes, ['contracts:read', 'runs:read']);
      assert.ok(verifySecret(secret, client.secretHash), 'the stored hash verifies the shown secret');
      assert.ok(!client.secretHash.includes(secret));
      const audit = await controlModels().ControlAuditRecord.findOne({ where: { objectId: clientId, action: 'api-client.create' } });
      assert.ok(audit, 'client creation is audited');

      const list = await request(stack.portalUrl).get(`/tenants/${tenant.slug}/api-clients`).set('Cookie', cookie);
      assert.ok(list.text.includes(clientId), 'the list shows the client id');
      assert.ok(!list.text.includes(secret), 'the list never shows the secret');
    });

    it('shows the secret on one page load', async () => {
      const created = await post(`/tenants/${tenant.slug}/api-clients/new`, `/tenants/${tenant.slug}/api-clients`, {
        name: 'Reloaded', scopes: ['runs:read'], tier: 'standard',
      });
      const location = String(created.headers.location);
      const clientId = location.split('/').at(-2)!;
      const [session] = await controlDatabase().query(
        "SELECT sealed FROM (SELECT sess::jsonb #>> ARRAY['pendingSecrets', :clientId, 'sealedSecret'] AS sealed FROM portal_sessions) AS rows WHERE sealed IS NOT NULL",
        { replacements: { clientId }, type: QueryTypes.SELECT },
      ) as { sealed: string }[];
      assert.match(session?.sealed ?? '', /^v1\./, 'the session row keeps the secret encrypted');

      const first = await request(stack.portalUrl).get(location).set('Cookie', cookie);
      const secret = /id="client-secret" class="secret">([^<]+)</.exec(first.text)?.[1];
      assert.ok(secret, 'the first load shows the secret');

      const reload = await request(stack.portalUrl).get(location).set('Cookie', cookie);
      assert.equal(reload.status, 200);
      assert.equal(reload.headers['cache-control'], 'no-store');
      assert.ok(!reload.text.includes(secret), 'the reload does not show the secret');
      assert.match(reload.text, /was shown once/);
      assert.match(reload.text, /href="\/tenants\/[^/]+\/api-clients\/[^/]+\/rotate">Rotate the secret/);
      assert.equal(await controlModels().ApiClient.count({ where: { tenantId: tenant.id, name: 'Reloaded' } }), 1, 'the reload created no client');
    });

    it('keeps the secret from other sessions', async () => {
      const created = await post(`/tenants/${tenant.slug}/api-clients/new`, `/tenants/${tenant.slug}/api-clients`, {
        name: 'Other session', scopes: ['runs:read'], tier: 'standard',
      });
      const other = await signInOverHttp(stack.portalUrl, operatorEmail, TEST_PASSWORD);
      const page = await request(stack.portalUrl).get(String(created.headers.location)).set('Cookie', other.cookie);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /id="client-secret"/);
      assert.match(page.text, /was shown once/);
    });

    it('shows 404 for an unknown client secret page', async () => {
      const response = await request(stack.portalUrl).get(`/tenants/${tenant.slug}/api-clients/${tenant.slug}-0000000000/secret`).set('Cookie', cookie);
      assert.equal(response.status, 404);
    });

    it('requires a name and a known scope', async () => {
      const response = await post(`/tenants/${tenant.slug}/api-clients/new`, `/tenants/${tenant.slug}/api-clients`, { name: '', scopes: ['admin:all'] });
      assert.equal(response.status, 400);
      assert.match(response.text, /id="name-error">Enter a name/);
      assert.match(response.text, /id="scopes-error">Unknown scope admin:all/);
    });
  });
});
