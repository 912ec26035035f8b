import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { regionDatabase } from '../../../services/core/database.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';
import { signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

type TestTenant = Awaited<ReturnType<typeof createTenant>>;

// Inserts a run started `minutesAgo` minutes ago, in SQL so the test depends only on the schema.
async function insertRun(tenant: TestTenant, minutesAgo: number, flow = 'contract-to-project'): Promise<string> {
  const id = randomUUID();
  await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) => regionDatabase(tenant.region).query(
    `INSERT INTO workflow_runs (id, tenant_id, flow, flow_version, trigger_key, trigger_event_id, status, input, started_at)
     VALUES (:id, :tenantId, :flow, 1, :id, :eventId, 'completed', '{}', now() - make_interval(mins => :minutesAgo))`,
    { replacements: { id, tenantId: tenant.id, flow, eventId: randomUUID(), minutesAgo }, transaction },
  ));
  return id;
}

async function insertStep(tenant: TestTenant, runId: string, position: number, name: string, status: string, lastError: string | null): Promise<void> {
  await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) => regionDatabase(tenant.region).query(
    `INSERT INTO workflow_steps (id, tenant_id, run_id, position, name, status, attempts, last_error, started_at, finished_at)
     VALUES (:id, :tenantId, :runId, :position, :name, :status, 2, :lastError, now() - interval '2 seconds', now())`,
    { replacements: { id: randomUUID(), tenantId: tenant.id, runId, position, name, status, lastError }, transaction },
  ));
}

describe('portal runs pages', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let cookie = '';
  let tenant: TestTenant;
  let other: TestTenant;
  const runIds: string[] = [];

  before(async () => {
    tenant = await createTenant();
    other = await createTenant();
    // 27 runs, one minute apart: two pages of 25 and 2. runIds[0] is the newest.
    for (let minutes = 0; minutes < 27; minutes += 1) runIds.push(await insertRun(tenant, minutes, `flow-${minutes}`));
    await insertStep(tenant, runIds[0]!, 2, 'create-project', 'failed', 'ERP answered 503 <b>busy</b>');
    await insertStep(tenant, runIds[0]!, 1, 'validate-contract', 'done', null);

    const viewer = await createPortalUser('runs-viewer', [{ role: 'tenant-viewer', tenantId: tenant.id }]);
    stack = await startPortalStack([viewer]);
    cookie = (await signInOverHttp(stack.portalUrl, viewer.email, viewer.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  const get = (path: string) => request(stack.portalUrl).get(path).set('Cookie', cookie);

  it('lists runs newest first', async () => {
    const response = await get(`/tenants/${tenant.slug}/runs`);
    assert.equal(response.status, 200);
    const flows = [...response.text.matchAll(/<td data-label="Flow">(flow-\d+) <span/g)].map((match) => match[1]);
    assert.equal(flows.length, 25);
    assert.equal(flows[0], 'flow-0');
    assert.equal(flows[24], 'flow-24');
    // Handlebars escapes "=" in attribute values as &#x3D;, which browsers decode.
    assert.match(response.text, /href="\/tenants\/[^"]+\/runs\?page&#x3D;2" rel="next"/);
  });

  it('shows the second page', async () => {
    const response = await get(`/tenants/${tenant.slug}/runs?page=2`);
    const flows = [...response.text.matchAll(/<td data-label="Flow">(flow-\d+) <span/g)].map((match) => match[1]);
    assert.deepEqual(flows, ['flow-25', 'flow-26']);
    assert.doesNotMatch(response.text, /rel="next"/);
    assert.match(response.text, /rel="prev"/);
  });

  it('shows steps in order', async () => {
    const response = await get(`/tenants/${tenant.slug}/runs/${runIds[0]}`);
    assert.equal(response.status, 200);
    const validate = response.text.indexOf('validate-contract');
    const create = response.text.indexOf('create-project');
    assert.ok(validate > 0, 'the first step is listed');
    assert.ok(create > validate, 'position 1 comes before position 2');
    assert.ok(response.text.includes('ERP answered 503 &lt;b&gt;busy&lt;/b&gt;'), 'the last error is escaped');
    assert.match(response.text, /2\.0 s/);
  });

  it('hides runs of other tenants', async () => {
    const foreignRun = await insertRun(other, 0);
    assert.equal((await get(`/tenants/${tenant.slug}/runs/${foreignRun}`)).status, 404);
    assert.equal((await get(`/tenants/${tenant.slug}/runs/not-a-uuid`)).status, 404);
    assert.equal((await get(`/tenants/${other.slug}/runs`)).status, 404);
  });

  it('explains an empty run list', async () => {
    const response = await get(`/tenants/${tenant.slug}/runs?page=9`);
    assert.match(response.text, /No runs on this page/);
  });
});
