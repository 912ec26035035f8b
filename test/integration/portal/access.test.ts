import assert from 'node:assert/strict';
import request from 'supertest';
import { controlModels } from '../../../services/core/models/control.ts';
import { createTenant, uniqueSlug } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal roles and tenant isolation', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let tenantA: Awaited<ReturnType<typeof createTenant>>;
  let tenantB: Awaited<ReturnType<typeof createTenant>>;
  let escaped: Awaited<ReturnType<typeof createTenant>>;
  const cookies: Record<'operator' | 'adminOfA' | 'viewerOfA', string> = { operator: '', adminOfA: '', viewerOfA: '' };

  before(async () => {
    tenantA = await createTenant();
    tenantB = await createTenant();
    escaped = await createTenant({ name: '<script>alert(1)</script>' });
    const operator = await createPortalUser('operator', [{ role: 'platform-admin', tenantId: null }]);
    const adminOfA = await createPortalUser('admin-a', [{ role: 'tenant-admin', tenantId: tenantA.id }]);
    const viewerOfA = await createPortalUser('viewer-a', [{ role: 'tenant-viewer', tenantId: tenantA.id }]);
    stack = await startPortalStack([operator, adminOfA, viewerOfA]);
    cookies.operator = (await signInOverHttp(stack.portalUrl, operator.email, operator.password)).cookie;
    cookies.adminOfA = (await signInOverHttp(stack.portalUrl, adminOfA.email, adminOfA.password)).cookie;
    cookies.viewerOfA = (await signInOverHttp(stack.portalUrl, viewerOfA.email, viewerOfA.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  const get = (who: keyof typeof cookies, path: string) => request(stack.portalUrl).get(path).set('Cookie', cookies[who]);

  it('hides other tenants from a tenant admin', async () => {
    for (const path of [`/tenants/${tenantB.slug}`, `/tenants/${tenantB.slug}/runs`, `/tenants/${tenantB.slug}/api-clients`, `/tenants/${tenantB.slug}/connectors/new`]) {
      const response = await get('adminOfA', path);
      assert.equal(response.status, 404, path);
      assert.match(response.text, /Tenant not found/, path);
    }
  });

  it('lists only member tenants', async () => {
    const response = await get('adminOfA', '/tenants');
    assert.equal(response.status, 200);
    assert.match(response.text, new RegExp(`/tenants/${tenantA.slug}"`));
    assert.doesNotMatch(response.text, new RegExp(`/tenants/${tenantB.slug}"`));
  });

  it('refuses tenant creation to a tenant admin', async () => {
    const form = await get('adminOfA', '/tenants');
    assert.equal((await get('adminOfA', '/tenants/new')).status, 403);
    const slug = uniqueSlug('denied');
    const response = await request(stack.portalUrl).post('/tenants').set('Cookie', cookies.adminOfA).type('form')
      .send({ _csrf: csrfTokenIn(form.text), slug, name: 'Denied', region: 'eu' });
    assert.equal(response.status, 403);
    assert.equal(await controlModels().Tenant.count({ where: { slug } }), 0);
  });

  it('lets a viewer read but not change', async () => {
    assert.equal((await get('viewerOfA', `/tenants/${tenantA.slug}`)).status, 200);
    assert.equal((await get('viewerOfA', `/tenants/${tenantA.slug}/runs`)).status, 200);
    assert.equal((await get('viewerOfA', `/tenants/${tenantA.slug}/api-clients`)).status, 200);
    const blocked = await get('viewerOfA', `/tenants/${tenantA.slug}/connectors/new`);
    assert.equal(blocked.status, 403);
    assert.match(blocked.text, /Read-only access/);

    const page = await get('viewerOfA', `/tenants/${tenantA.slug}/api-clients`);
    assert.doesNotMatch(page.text, /New API client/, 'viewers see no create button');
    const post = await request(stack.portalUrl).post(`/tenants/${tenantA.slug}/api-clients`).set('Cookie', cookies.viewerOfA).type('form')
      .send({ _csrf: csrfTokenIn(page.text), name: 'Viewer client', scopes: 'runs:read' });
    assert.equal(post.status, 403);
    assert.equal(await controlModels().ApiClient.count({ where: { tenantId: tenantA.id } }), 0);
  });

  it('lets a platform admin open any tenant', async () => {
    assert.equal((await get('operator', `/tenants/${tenantB.slug}`)).status, 200);
    assert.equal((await get('operator', `/tenants/${tenantA.slug}/connectors/new`)).status, 200);
  });

  it('rejects a post without CSRF token', async () => {
    const slug = uniqueSlug('csrf');
    const response = await request(stack.portalUrl).post('/tenants').set('Cookie', cookies.operator).type('form')
      .send({ slug, name: 'No token', region: 'eu' });
    assert.equal(response.status, 403);
    assert.match(response.text, /Form expired/);
    assert.equal(await controlModels().Tenant.count({ where: { slug } }), 0);
  });

  it('rejects a post with a wrong CSRF token', async () => {
    const slug = uniqueSlug('csrf');
    const response = await request(stack.portalUrl).post('/tenants').set('Cookie', cookies.operator).type('form')
      .send({ _csrf: 'not-the-token', slug, name: 'Wrong token', region: 'eu' });
    assert.equal(response.status, 403);
    assert.equal(await controlModels().Tenant.count({ where: { slug } }), 0);
  });

  it('renders a script tenant name escaped', async () => {
    for (const path of ['/tenants', `/tenants/${escaped.slug}`]) {
      let text = '';
      for (let page = 1; page < 200 && !text.includes(escaped.slug); page += 1) {
        text = (await get('operator', path === '/tenants' ? `/tenants?page=${page}` : path)).text;
      }
      assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${path} shows the name as text`);
      assert.ok(!text.includes('<script>alert(1)</script>'), `${path} contains no script tag`);
    }
  });
});
