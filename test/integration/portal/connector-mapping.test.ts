import assert from 'node:assert/strict';
import request from 'supertest';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { listMappingVersions } from '../../../services/core/connector-mappings.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal mapping editor', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let connectorId = '';
  const cookies = { admin: '', viewer: '' };

  before(async () => {
    tenant = await createTenant();
    connectorId = (await createConnector({ tenantId: tenant.id, region: tenant.region }, {
      slug: 'ironclad', kind: 'clm', driver: 'ironclad', name: 'Ironclad', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiToken: 't' },
    })).id;
    const admin = await createPortalUser('mapping-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    const viewer = await createPortalUser('mapping-viewer', [{ role: 'tenant-viewer', tenantId: tenant.id }]);
    stack = await startPortalStack([admin, viewer]);
    cookies.admin = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
    cookies.viewer = (await signInOverHttp(stack.portalUrl, viewer.email, viewer.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  const path = () => `/tenants/${tenant.slug}/connectors/ironclad/mapping`;
  async function submit(member: keyof typeof cookies, fields: Record<string, string>) {
    const page = await request(stack.portalUrl).get(path()).set('Cookie', cookies[member]);
    return request(stack.portalUrl).post(path()).set('Cookie', cookies[member]).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }

  it('starts from the driver example', async () => {
    const page = await request(stack.portalUrl).get(path()).set('Cookie', cookies.viewer);
    assert.equal(page.status, 200);
    assert.match(page.text, /attributes\.counterpartyName/);
    assert.match(page.text, /No version saved yet/);
  });

  it('previews the result on the sample', async () => {
    const response = await submit('viewer', { mode: 'preview', expression: '{ "name": attributes.counterpartyName, "twice": amount * 2 }', sample: '{"attributes":{"counterpartyName":"Acme <GmbH>"},"amount":21}' });
    assert.equal(response.status, 200);
    assert.match(response.text, /&quot;name&quot;: &quot;Acme &lt;GmbH&gt;&quot;/);
    assert.match(response.text, /&quot;twice&quot;: 42/);
  });

  it('explains an invalid expression and keeps the input', async () => {
    const response = await submit('admin', { mode: 'save', expression: '{ "name": attributes.( }', sample: '{}' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="expression-error">The expression is invalid: .* at character \d+/);
    assert.match(response.text, /\{ &quot;name&quot;: attributes\.\( \}/, 'the typed expression is kept');
    assert.deepEqual(await listMappingVersions(tenant.id, connectorId), []);
  });

  it('rejects a sample that is not JSON', async () => {
    const response = await submit('admin', { mode: 'preview', expression: 'a', sample: '{not json' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="sample-error">The sample is not valid JSON/);
  });

  it('stops a runaway expression', async () => {
    const response = await submit('admin', { mode: 'preview', expression: '($f := function($n) { $f($n + 1) }; $f(0))', sample: '{}' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="expression-error">The expression (nests deeper|ran longer)/);
  });

  it('saves versions for admins only', async () => {
    assert.equal((await submit('viewer', { mode: 'save', expression: 'a', sample: '{}' })).status, 403);
    assert.equal((await submit('admin', { mode: 'save', expression: '{ "v": 1 }', sample: '{}' })).status, 303);
    assert.equal((await submit('admin', { mode: 'save', expression: '{ "v": 2 }', sample: '{}' })).status, 303);
    const versions = await listMappingVersions(tenant.id, connectorId);
    assert.deepEqual(versions.map((version) => version.version), [2, 1]);
    assert.equal(versions[0]!.expression, '{ "v": 2 }');
    const audit = await controlModels().ControlAuditRecord.findOne({ where: { tenantId: tenant.id, action: 'connector.mapping' }, order: [['id', 'DESC']] });
    assert.deepEqual(audit?.before, { version: 1 });

    const page = await request(stack.portalUrl).get(path()).set('Cookie', cookies.admin);
    assert.match(page.text, /Version 2 is in force/);
  });
});
