import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { DEMO_LEGAL_ENTITIES } from '../../../deploy/local/demo-data.ts';
import { ensureLegalEntities } from '../../../deploy/local/seed-steps.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal runs, exceptions, lineage and rules', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let cookie = '';
  const contractId = randomUUID();
  const failedRunId = randomUUID();
  const exceptionId = randomUUID();

  before(async () => {
    tenant = await createTenant();
    const scope = { tenantId: tenant.id, region: tenant.region };
    await ensureLegalEntities(scope, DEMO_LEGAL_ENTITIES);
    const connector = await createConnector(scope, { slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' } });
    await withTenant(scope, async (transaction) => {
      const models = regionModels(tenant.region);
      const customerId = randomUUID();
      await models.Customer.create({ id: customerId, tenantId: tenant.id, name: 'Northwind <SARL>', country: 'FR', subdivision: null, taxId: null, email: null, sourceRef: null }, { transaction });
      await models.Contract.create({ id: contractId, tenantId: tenant.id, customerId, title: 'SOW 1', currency: 'EUR', totalValue: '1000.00', startDate: '2027-01-01', endDate: null, executedAt: null, sourceRef: null }, { transaction });
      await models.ExternalRef.create({ id: randomUUID(), tenantId: tenant.id, contractId, objectType: 'customer', objectId: customerId, system: 'erp', connectorId: connector.id, externalId: 'CUST-1', externalUrl: 'javascript:alert(1)', runId: null, stepName: null }, { transaction });
      await models.ExternalRef.create({ id: randomUUID(), tenantId: tenant.id, contractId, objectType: 'contract', objectId: contractId, system: 'clm', connectorId: connector.id, externalId: 'WF-1', externalUrl: 'https://clm.example/workflows/WF-1', runId: null, stepName: null }, { transaction });

      const run = (id: string, status: 'completed' | 'failed', flow: string, startedAt: string) => models.WorkflowRun.create({
        id, tenantId: tenant.id, flow, flowVersion: 1, triggerKey: `test:${id}`, triggerEventId: randomUUID(), contractId: flow === 'contract-activation' ? contractId : null,
        status, input: {}, error: status === 'failed' ? 'ERP refused the project' : null, leaseOwner: null, leaseUntil: null, startedAt: new Date(startedAt), finishedAt: new Date(startedAt),
      }, { transaction });
      await run(randomUUID(), 'completed', 'contract-activation', '2026-11-02T10:00:00Z');
      await run(failedRunId, 'failed', 'contract-activation', '2026-11-03T10:00:00Z');
      await run(randomUUID(), 'completed', 'milestone-invoice', '2026-11-04T10:00:00Z');
      for (const [position, name, status] of [[0, 'load-contract', 'done'], [1, 'validate', 'done'], [2, 'create-erp-project', 'failed']] as const) {
        await models.WorkflowStep.create({ id: randomUUID(), tenantId: tenant.id, runId: failedRunId, position, name, status, attempts: 1, lastError: null, output: null, startedAt: null, finishedAt: null }, { transaction });
      }
      await models.WorkflowException.create({ id: exceptionId, tenantId: tenant.id, runId: failedRunId, stepName: 'create-erp-project', error: 'ERP refused the project', payloadRef: 'event:1', suggestedAction: 'Fix the project data.', resolutionNote: null, resolvedAt: null }, { transaction });
    });
    const admin = await createPortalUser('operations-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([admin]);
    cookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  const base = () => `/tenants/${tenant.slug}`;
  const get = (path: string) => request(stack.portalUrl).get(path).set('Cookie', cookie);
  async function post(path: string, fields: Record<string, string>) {
    const page = await get(`${base()}/exceptions`);
    return request(stack.portalUrl).post(path).set('Cookie', cookie).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
  }
  const runLinks = (html: string) => [...html.matchAll(/\/runs\/([0-9a-f-]{36})">Steps/g)].map((match) => match[1]);

  it('filters runs by status, flow, contract and date', async () => {
    assert.equal(runLinks((await get(`${base()}/runs`)).text).length, 3);
    assert.deepEqual(runLinks((await get(`${base()}/runs?status=failed`)).text), [failedRunId]);
    assert.equal(runLinks((await get(`${base()}/runs?flow=milestone-invoice`)).text).length, 1);
    assert.equal(runLinks((await get(`${base()}/runs?contractId=${contractId}`)).text).length, 2);
    assert.deepEqual(runLinks((await get(`${base()}/runs?from=2026-11-03&to=2026-11-03`)).text), [failedRunId]);
    const none = await get(`${base()}/runs?from=2030-01-01`);
    assert.match(none.text, /No run matches these filters/);
  });

  it('names the contract and customer of runs', async () => {
    const list = (await get(`${base()}/runs?contractId=${contractId}`)).text;
    assert.match(list, new RegExp(`title="Lineage of contract ${contractId}">SOW 1</a> <span class="muted">Northwind &lt;SARL&gt;</span>`));
    const run = (await get(`${base()}/runs/${failedRunId}`)).text;
    assert.match(run, /<dd>SOW 1 for Northwind &lt;SARL&gt; <code>/);
  });

  it('explains invalid filters beside their fields', async () => {
    const response = await get(`${base()}/runs?status=lost&contractId=abc&from=2026-13-45&to=2026-01-01`);
    assert.equal(response.status, 400);
    assert.match(response.text, /id="status-error">Choose one of running, completed, failed/);
    assert.match(response.text, /id="contractId-error">Enter the whole contract id/);
    assert.match(response.text, /id="from-error">&quot;2026-13-45&quot; is not a date/);
    assert.match(response.text, /value="abc"/, 'the typed value is kept');
  });

  it('shows the lineage with safe links only', async () => {
    const response = await get(`${base()}/contracts/${contractId}/lineage`);
    assert.equal(response.status, 200);
    assert.match(response.text, /Northwind &lt;SARL&gt;/);
    assert.match(response.text, /href="https:\/\/clm.example\/workflows\/WF-1"/);
    assert.doesNotMatch(response.text, /javascript:/, 'a stored javascript: URL is not linked');
    assert.match(response.text, /<code>CUST-1<\/code>/);
    assert.equal((await get(`${base()}/contracts/${randomUUID()}/lineage`)).status, 404);
  });

  it('requires a note to resolve an exception', async () => {
    const response = await post(`${base()}/exceptions/${exceptionId}/resolve`, { note: '', back: 'exceptions' });
    assert.equal(response.status, 400);
    assert.match(response.text, new RegExp(`id="note-${exceptionId}-error">The note is missing`));
  });

  it('resolves an exception with a note', async () => {
    const response = await post(`${base()}/exceptions/${exceptionId}/resolve`, { note: 'Project created by hand', back: 'run' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `${base()}/runs/${failedRunId}`);
    const resolved = await get(`${base()}/exceptions?status=resolved`);
    assert.match(resolved.text, /Project created by hand/);
    assert.match((await get(`${base()}/exceptions`)).text, /No open exceptions/);
    const again = await post(`${base()}/exceptions/${exceptionId}/resolve`, { note: 'twice' });
    assert.equal(again.status, 409);
    assert.match(again.text, /already resolved/);
  });

  it('previews a replay without changing the run', async () => {
    const response = await post(`${base()}/runs/${failedRunId}/replay`, { fromStep: 'validate', mode: 'preview' });
    assert.equal(response.status, 200);
    assert.match(response.text, /Replay plan from validate/);
    assert.match(response.text, /<td data-label="Step">create-erp-project<\/td><td data-label="Now">failed<\/td><td data-label="Replay would"><strong>run<\/strong>/);
    const page = await get(`${base()}/runs/${failedRunId}`);
    assert.match(page.text, /status-failed">failed/, 'the preview changed nothing');

    const unknown = await post(`${base()}/runs/${failedRunId}/replay`, { fromStep: 'no-such-step', mode: 'preview' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /Step &quot;no-such-step&quot; is not a step of this run/);
  });

  it('quotes tax and explains rejected input', async () => {
    const quote = await post(`${base()}/entities/quote`, {
      entity: 'ACME-FR', customerCountry: 'FR', customerType: 'business', serviceCategory: 'consulting', amount: '1000.00', currency: 'EUR', supplyDate: '2027-02-15',
    });
    assert.equal(quote.status, 200);
    assert.match(quote.text, /200\.00 EUR/);
    const invalid = await post(`${base()}/entities/quote`, {
      entity: 'ACME-FR', customerCountry: 'France', customerType: 'business', serviceCategory: 'consulting', amount: '1,000', currency: 'EUR', supplyDate: '2027-02-15',
    });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /id="customerCountry-error">Enter the customer&#x27;s country as two letters/);
    assert.match(invalid.text, /id="amount-error">Enter the net amount as a decimal number/);
    assert.match(invalid.text, /value="France"/);
  });

  it('lists the regions with this tenant', async () => {
    const response = await get('/regions');
    assert.equal(response.status, 200);
    assert.match(response.text, new RegExp(`/tenants/${tenant.slug}/residency`));
  });
});
