import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { regionDatabase } from '../../../services/core/database.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

const GMBH = {
  code: 'ACME-DE', name: 'Acme Consulting GmbH', country: 'de', currency: 'eur', taxId: 'DE811907980', regionalHub: 'yes', invoiceSeries: 'DE-INV-',
};

describe('portal legal entities', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let adminCookie = '';
  let viewerCookie = '';

  before(async () => {
    tenant = await createTenant();
    const admin = await createPortalUser('entities-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    const viewer = await createPortalUser('entities-viewer', [{ role: 'tenant-viewer', tenantId: tenant.id }]);
    stack = await startPortalStack([admin, viewer]);
    adminCookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
    viewerCookie = (await signInOverHttp(stack.portalUrl, viewer.email, viewer.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  const base = () => `/tenants/${tenant.slug}`;
  const get = (path: string, cookie = adminCookie) => request(stack.portalUrl).get(path).set('Cookie', cookie);
  async function post(path: string, fields: Record<string, string>, cookie = adminCookie) {
    const page = await get(`${base()}/entities`, cookie);
    return request(stack.portalUrl).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }
  const stored = (code: string) => withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) =>
    (await regionModels(tenant.region).LegalEntity.findOne({ where: { code }, transaction }))?.get({ plain: true }));

  it('offers the form to admins only', async () => {
    assert.equal((await get(`${base()}/legal-entities/new`)).status, 200);
    assert.equal((await get(`${base()}/legal-entities/new`, viewerCookie)).status, 403);
    assert.equal((await post(`${base()}/legal-entities`, GMBH, viewerCookie)).status, 403);
    assert.equal(await stored(GMBH.code), undefined, 'the viewer created nothing');
    const list = await get(`${base()}/entities`, viewerCookie);
    assert.doesNotMatch(list.text, /New legal entity/);
    assert.match(list.text, /Ask a tenant admin to add/);
  });

  it('creates an entity with audit records', async () => {
    const response = await post(`${base()}/legal-entities`, GMBH);
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `${base()}/entities`);

    const entity = await stored(GMBH.code);
    assert.ok(entity);
    assert.equal(entity.country, 'DE');
    assert.equal(entity.currency, 'EUR');
    assert.equal(entity.regionalHub, true);
    assert.equal(entity.invoiceSeries, 'DE-INV-');

    const audit = await controlModels().ControlAuditRecord.findOne({ where: { objectId: entity.id, action: 'legal-entity.create' } });
    assert.ok(audit, 'the creation is in the control audit log');
    assert.equal(audit.before, null);
    assert.deepEqual(audit.after, { code: 'ACME-DE', name: 'Acme Consulting GmbH', country: 'DE', currency: 'EUR', taxId: 'DE811907980', regionalHub: true, invoiceSeries: 'DE-INV-' });
    const regionAudit = await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) => regionDatabase(tenant.region).query(
      "SELECT actor FROM audit_log WHERE object_id = :id AND operation = 'legal-entity.create'",
      { replacements: { id: entity.id }, type: QueryTypes.SELECT, transaction }));
    assert.equal(regionAudit.length, 1, 'the creation is in the region audit log');

    const list = await get(`${base()}/entities`);
    assert.match(list.text, /Legal entity ACME-DE created/);
    assert.match(list.text, /<td>Acme Consulting GmbH<\/td>/);
    assert.match(list.text, /href="\/tenants\/[^/]+\/legal-entities\/ACME-DE\/edit"/);
  });

  it('explains invalid fields and keeps input', async () => {
    const response = await post(`${base()}/legal-entities`, { code: 'bad code', name: 'Kept name', country: 'XX', currency: 'EUX', taxId: 'FR40303265045', invoiceSeries: '' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="code-error">&quot;bad code&quot; is not a valid code/);
    assert.match(response.text, /id="country-error">&quot;XX&quot; is not an ISO 3166-1 alpha-2 country code/);
    assert.match(response.text, /id="currency-error">&quot;EUX&quot; is not an ISO 4217 currency code/);
    assert.match(response.text, /id="invoiceSeries-error">Enter the invoice number series/);
    assert.match(response.text, /value="Kept name"/);
    assert.match(response.text, /value="XX"/);
    assert.match(response.text, /value="FR40303265045"/);
  });

  it('rejects a duplicate code beside the field', async () => {
    const response = await post(`${base()}/legal-entities`, { ...GMBH, name: 'Another GmbH' });
    assert.equal(response.status, 409);
    assert.match(response.text, /id="code-error">This tenant already has a legal entity &quot;ACME-DE&quot;/);
    assert.match(response.text, /value="Another GmbH"/);
  });

  it('allows the same code in another tenant', async () => {
    const other = await createTenant();
    const operator = await createPortalUser('entities-operator', [{ role: 'platform-admin', tenantId: null }]);
    const otherStack = await startPortalStack([operator]);
    try {
      const { cookie } = await signInOverHttp(otherStack.portalUrl, operator.email, operator.password);
      const form = await request(otherStack.portalUrl).get(`/tenants/${other.slug}/legal-entities/new`).set('Cookie', cookie);
      const response = await request(otherStack.portalUrl).post(`/tenants/${other.slug}/legal-entities`).set('Cookie', cookie).type('form')
        .send({ _csrf: csrfTokenIn(form.text), ...GMBH });
      assert.equal(response.status, 303);
    } finally {
      await otherStack.close();
    }
  });

  it('edits an entity with before and after', async () => {
    const form = await get(`${base()}/legal-entities/ACME-DE/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /value="Acme Consulting GmbH"/);
    assert.match(form.text, /name="regionalHub" value="yes" checked/);

    const response = await post(`${base()}/legal-entities/ACME-DE`, { code: 'IGNORED', name: 'Acme Beratung GmbH', country: 'AT', currency: 'EUR', taxId: '', invoiceSeries: 'AT-RE-' });
    assert.equal(response.status, 303);
    const entity = await stored('ACME-DE');
    assert.ok(entity, 'the code did not change');
    assert.equal(entity.name, 'Acme Beratung GmbH');
    assert.equal(entity.country, 'AT');
    assert.equal(entity.taxId, null);
    assert.equal(entity.regionalHub, false, 'an unchecked box clears the hub flag');
    assert.equal(await stored('IGNORED'), undefined);

    const audit = await controlModels().ControlAuditRecord.findOne({ where: { objectId: entity.id, action: 'legal-entity.update' } });
    assert.ok(audit, 'the edit is in the control audit log');
    assert.deepEqual(audit.before, { code: 'ACME-DE', name: 'Acme Consulting GmbH', country: 'DE', currency: 'EUR', taxId: 'DE811907980', regionalHub: true, invoiceSeries: 'DE-INV-' });
    assert.deepEqual(audit.after, { code: 'ACME-DE', name: 'Acme Beratung GmbH', country: 'AT', currency: 'EUR', taxId: null, regionalHub: false, invoiceSeries: 'AT-RE-' });
  });

  it('explains an invalid edit and keeps input', async () => {
    const response = await post(`${base()}/legal-entities/ACME-DE`, { name: '', country: 'Austria', currency: 'EUR', invoiceSeries: 'AT-RE-' });
    assert.equal(response.status, 400);
    assert.match(response.text, /id="name-error">Enter a name/);
    assert.match(response.text, /id="country-error">&quot;AUSTRIA&quot; is not an ISO 3166-1 alpha-2 country code/);
    assert.match(response.text, /value="Austria"/);
  });

  it('refuses edits to viewers', async () => {
    assert.equal((await get(`${base()}/legal-entities/ACME-DE/edit`, viewerCookie)).status, 403);
    assert.equal((await post(`${base()}/legal-entities/ACME-DE`, { ...GMBH, name: 'Viewer edit' }, viewerCookie)).status, 403);
    assert.equal((await stored('ACME-DE'))?.name, 'Acme Beratung GmbH');
  });

  it('shows 404 for an unknown entity', async () => {
    const response = await get(`${base()}/legal-entities/NOPE/edit`);
    assert.equal(response.status, 404);
    assert.match(response.text, /has no legal entity &quot;NOPE&quot;/);
  });
});
