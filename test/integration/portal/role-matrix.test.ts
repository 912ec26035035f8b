import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { createApiClient, createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

type Member = 'operator' | 'adminOfA' | 'viewerOfA' | 'adminOfB';
// Expected status per role; null skips a role for which the request would change data.
type Expected = Record<Member, number | null>;

const everyone = (status: number): Expected => ({ operator: status, adminOfA: status, viewerOfA: status, adminOfB: status });
// A page of tenant A: members of A read it, the admin of B gets the same 404 as for an unknown tenant.
const readA: Expected = { operator: 200, adminOfA: 200, viewerOfA: 200, adminOfB: 404 };
const manageA: Expected = { operator: 200, adminOfA: 200, viewerOfA: 403, adminOfB: 404 };
const platformOnly = (allowed: number): Expected => ({ operator: allowed, adminOfA: 403, viewerOfA: 403, adminOfB: 403 });

describe('portal role matrix', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  const sessions = {} as Record<Member, { cookie: string; csrf: string }>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let clientId = '';
  const missing = randomUUID();

  before(async () => {
    a = await createTenant();
    const b = await createTenant();
    await createConnector({ tenantId: a.id, region: a.region }, {
      slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' },
    });
    clientId = (await createApiClient(a.id, ['runs:read'])).clientId;
    const users = {
      operator: await createPortalUser('matrix-operator', [{ role: 'platform-admin', tenantId: null }]),
      adminOfA: await createPortalUser('matrix-admin-a', [{ role: 'tenant-admin', tenantId: a.id }]),
      viewerOfA: await createPortalUser('matrix-viewer-a', [{ role: 'tenant-viewer', tenantId: a.id }]),
      adminOfB: await createPortalUser('matrix-admin-b', [{ role: 'tenant-admin', tenantId: b.id }]),
    };
    stack = await startPortalStack(Object.values(users));
    for (const [member, user] of Object.entries(users) as [Member, typeof users.operator][]) {
      const { cookie } = await signInOverHttp(stack.portalUrl, user.email, user.password);
      const page = await request(stack.portalUrl).get('/tenants').set('Cookie', cookie);
      sessions[member] = { cookie, csrf: csrfTokenIn(page.text) };
    }
  });

  after(async () => {
    await stack?.close();
  });

  const pages = (): [string, Expected][] => [
    ['/tenants', everyone(200)],
    ['/tenants/new', platformOnly(200)],
    ['/regions', everyone(200)],
    ['/api-versions', everyone(200)],
    ['/audit', platformOnly(200)],
    [`/tenants/${a.slug}`, readA],
    [`/tenants/${a.slug}/dashboard`, readA],
    [`/tenants/${a.slug}/runs`, readA],
    [`/tenants/${a.slug}/exceptions`, readA],
    [`/tenants/${a.slug}/entities`, readA],
    [`/tenants/${a.slug}/api-clients`, readA],
    [`/tenants/${a.slug}/api-versions`, readA],
    [`/tenants/${a.slug}/residency`, readA],
    [`/tenants/${a.slug}/settings`, readA],
    [`/tenants/${a.slug}/connectors/erp`, readA],
    [`/tenants/${a.slug}/audit`, manageA],
    [`/tenants/${a.slug}/connectors/new`, manageA],
    [`/tenants/${a.slug}/connectors/erp/edit`, manageA],
    [`/tenants/${a.slug}/api-clients/new`, manageA],
    [`/tenants/${a.slug}/api-clients/${clientId}/rotate`, manageA],
    [`/tenants/${a.slug}/api-clients/${clientId}/secret`, manageA],
    [`/tenants/${a.slug}/legal-entities/new`, manageA],
  ];

  // Allowed roles send a body that fails validation or names nothing that exists, so the table
  // proves the guard let them through without changing anything.
  const forms = (): [string, Record<string, string>, Expected][] => [
    ['/tenants', {}, platformOnly(400)],
    ['/api-versions/v1', { status: 'unknown' }, platformOnly(400)],
    [`/tenants/${a.slug}/settings`, { plan: '' }, { operator: 400, adminOfA: 403, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/suspend`, { reason: '' }, { operator: 400, adminOfA: 403, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/resume`, {}, { operator: null, adminOfA: 403, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/connectors`, {}, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/connectors/erp`, {}, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/connectors/erp/disable`, {}, { operator: null, adminOfA: null, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/connectors/erp/test`, {}, { operator: null, adminOfA: null, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/api-clients`, {}, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/api-clients/no-such-client/revoke`, {}, { operator: 404, adminOfA: 404, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/api-clients/${clientId}/rotate`, { graceHours: '5' }, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/api-versions`, { pinnedVersion: 'v99' }, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/residency`, {}, { operator: null, adminOfA: null, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/runs/${missing}/retry`, {}, { operator: 404, adminOfA: 404, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/runs/${missing}/replay`, { fromStep: 'validate' }, { operator: 404, adminOfA: 404, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/exceptions/${missing}/resolve`, { note: 'done' }, { operator: 404, adminOfA: 404, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/entities/quote`, {}, { operator: 400, adminOfA: 400, viewerOfA: 400, adminOfB: 404 }],
    [`/tenants/${a.slug}/legal-entities`, {}, { operator: 400, adminOfA: 400, viewerOfA: 403, adminOfB: 404 }],
    [`/tenants/${a.slug}/legal-entities/NO-SUCH-ENTITY`, {}, { operator: 404, adminOfA: 404, viewerOfA: 403, adminOfB: 404 }],
  ];

  it('allows and refuses each page by role', async () => {
    for (const [path, expected] of pages()) {
      for (const [member, status] of Object.entries(expected) as [Member, number | null][]) {
        if (status === null) continue;
        const response = await request(stack.portalUrl).get(path).set('Cookie', sessions[member].cookie);
        assert.equal(response.status, status, `GET ${path} as ${member}`);
      }
    }
  });

  it('allows and refuses each form by role', async () => {
    for (const [path, body, expected] of forms()) {
      for (const [member, status] of Object.entries(expected) as [Member, number | null][]) {
        if (status === null) continue;
        const response = await request(stack.portalUrl).post(path).set('Cookie', sessions[member].cookie).type('form').send({ _csrf: sessions[member].csrf, ...body });
        assert.equal(response.status, status, `POST ${path} as ${member}`);
      }
    }
  });

  it('shows the same 404 for another tenant as for none', async () => {
    const other = await request(stack.portalUrl).get(`/tenants/${a.slug}/runs`).set('Cookie', sessions.adminOfB.cookie);
    const none = await request(stack.portalUrl).get('/tenants/no-such-tenant/runs').set('Cookie', sessions.adminOfB.cookie);
    assert.equal(other.status, 404);
    assert.equal(none.status, 404);
    assert.match(other.text, /Tenant not found/);
    assert.match(none.text, /Tenant not found/);
  });

  it('hides admin controls from a viewer', async () => {
    const response = await request(stack.portalUrl).get(`/tenants/${a.slug}/connectors/erp`).set('Cookie', sessions.viewerOfA.cookie);
    assert.doesNotMatch(response.text, /Test the connection/);
    assert.doesNotMatch(response.text, />Disable</);
    const clients = await request(stack.portalUrl).get(`/tenants/${a.slug}/api-clients`).set('Cookie', sessions.viewerOfA.cookie);
    assert.doesNotMatch(clients.text, /Revoke/);
  });
});
