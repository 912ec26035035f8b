import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { findConnectorBySlug } from '../../../services/core/connector-registry.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

// A generic REST connector configured in the portal: its operations are typed as JSON, checked
// with a message beside the field, shown on the connector page and used by the connection test.
describe('portal generic REST connector', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let api: RunningServer;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let cookie = '';

  const operations = [
    { name: 'me', method: 'GET', pathTemplate: '/api/me' },
    { name: 'findProject', method: 'GET', pathTemplate: '/api/projects/{code}', query: { state: 'open' }, responseMapping: 'data' },
  ];

  before(async () => {
    const app = express();
    app.get('/api/me', (req, res) => {
      if (req.get('authorization') !== 'Bearer rest-token') return res.status(401).json({ message: 'bad token' });
      return res.json({ user: 'throughline' });
    });
    api = await listen(app, '127.0.0.1', 0);
    tenant = await createTenant();
    const admin = await createPortalUser('rest-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([admin]);
    cookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
  });

  after(async () => {
    await stack?.close();
    await api?.close();
  });

  const base = () => `/tenants/${tenant.slug}`;
  const scope = () => ({ tenantId: tenant.id, region: tenant.region });
  const get = (path: string) => request(stack.portalUrl).get(path).set('Cookie', cookie);
  async function post(path: string, fields: Record<string, string>) {
    const page = await get(`${base()}/residency`);
    return request(stack.portalUrl).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }
  const newConnector = (fields: Record<string, string>) => post(`${base()}/connectors`, {
    slug: 'billing', name: 'Billing API', kind: 'other', driver: 'rest', baseUrl: api.url, authKind: 'api-token',
    token: 'rest-token', hostingRegion: 'eu', operations: JSON.stringify(operations), checkOperation: 'me', ...fields,
  });

  it('offers the operations field', async () => {
    const page = await get(`${base()}/connectors/new`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<fieldset data-driver="rest">/);
    assert.match(page.text, /<textarea id="operations" name="operations"/);
    assert.match(page.text, /<option value="rest" data-kind="other"/);
  });

  it('names the path of an invalid operation', async () => {
    const typed = '[{"name": "me", "method": "DELETE", "pathTemplate": "/api/me"}]';
    const response = await newConnector({ operations: typed });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="operations-error">\$\.operations\[0\]\.method must be one of &quot;GET&quot;, &quot;POST&quot;, &quot;PUT&quot;, &quot;PATCH&quot;\./);
    assert.match(response.text, /&quot;method&quot;: &quot;DELETE&quot;/, 'the textarea keeps the typed JSON');
    assert.doesNotMatch(response.text, /rest-token/, 'the form never echoes the token');
    assert.equal(await findConnectorBySlug(scope(), 'billing'), null);
  });

  it('reports JSON that does not parse', async () => {
    const response = await newConnector({ operations: '[{"name": "me",' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="operations-error">The operations are not valid JSON \(/);
    assert.match(response.text, /\[\{&quot;name&quot;: &quot;me&quot;,<\/textarea>/, 'the textarea keeps the typed text');
  });

  it('requires a GET connection test operation', async () => {
    const response = await newConnector({ checkOperation: 'findProjects' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="checkOperation-error">\$\.checkOperation names &quot;findProjects&quot;, which is not a configured operation\./);
    assert.match(response.text, /value="findProjects"/, 'the field keeps the typed name');
  });

  it('creates the connector with its operations', async () => {
    const response = await newConnector({});
    assert.equal(response.status, 303);

    const stored = await findConnectorBySlug(scope(), 'billing');
    assert.equal(stored?.kind, 'other');
    assert.equal(stored?.driver, 'rest');
    assert.deepEqual(stored?.settings, { operations, checkOperation: 'me' });
    assert.doesNotMatch(JSON.stringify(stored?.settings), /rest-token/, 'the token is not kept in the settings');
  });

  it('shows the operations on the connector page', async () => {
    const page = await get(`${base()}/connectors/billing`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h3 class="panel-title">Operations<\/h3>/);
    assert.match(page.text, /<code>me<\/code> <span class="hint">connection test<\/span>/);
    assert.match(page.text, /<code>\/api\/projects\/\{code\}<\/code>/);
    assert.match(page.text, /<code>state=open<\/code>/);
    assert.match(page.text, /<code>data<\/code>/);
    assert.doesNotMatch(page.text, /rest-token/);
  });

  it('passes the connection test', async () => {
    const page = await post(`${base()}/connectors/billing/test`, {});
    assert.equal(page.status, 200);
    assert.match(page.text, /Connection works: billing accepted the credentials on me\./);
  });

  it('edits the stored operations', async () => {
    const form = await get(`${base()}/connectors/billing/edit`);
    assert.match(form.text, /&quot;pathTemplate&quot;: &quot;\/api\/projects\/\{code\}&quot;/, 'the edit form shows the stored operations');
    assert.match(form.text, /id="checkOperation" name="checkOperation" type="text" value="me"/);

    const invalid = await post(`${base()}/connectors/billing`, { name: 'Billing API', baseUrl: api.url, hostingRegion: 'eu', operations: '[{"name": "me", "method": "GET", "pathTemplate": "api/me"}]' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /id="operations-error">\$\.operations\[0\]\.pathTemplate must start with \//);

    const replaced = [{ name: 'me', method: 'GET', pathTemplate: '/api/v2/me' }];
    const saved = await post(`${base()}/connectors/billing`, { name: 'Billing API', baseUrl: api.url, hostingRegion: 'eu', operations: JSON.stringify(replaced) });
    assert.equal(saved.status, 303);
    assert.deepEqual((await findConnectorBySlug(scope(), 'billing'))?.settings, { operations: replaced });

    const audit = await controlModels().ControlAuditRecord.findOne({ where: { tenantId: tenant.id, action: 'connector.update' } });
    assert.deepEqual((audit?.after as Record<string, unknown>).settings, { operations: replaced });
  });
});
