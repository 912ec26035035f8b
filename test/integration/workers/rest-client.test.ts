import assert from 'node:assert/strict';
import express from 'express';
import { createConnector } from '../../../services/core/connector-registry.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';
import { restClient } from '../../../services/workers/connector-clients.ts';
import { PermanentStepError } from '../../../services/workers/errors.ts';
import { createTenant } from '../../support/factories.ts';

// The worker builds a generic REST client from the connector's stored settings and credentials.
describe('worker generic REST client', () => {
  let scope: TenantScope;
  let server: RunningServer;
  let restId: string;
  let erpId: string;

  before(async () => {
    const app = express();
    app.get('/api/invoices/:number', (req, res) => {
      res.json({ data: { number: req.params.number, auth: req.get('authorization') } });
    });
    server = await listen(app, '127.0.0.1', 0);

    const tenant = await createTenant();
    scope = { tenantId: tenant.id, region: tenant.region };
    const rest = await createConnector(scope, {
      slug: 'billing-api', kind: 'other', driver: 'rest', name: 'Billing API', baseUrl: server.url, authKind: 'api-token',
      credentials: { accessToken: 'stored-token' },
      settings: { operations: [{ name: 'getInvoice', method: 'GET', pathTemplate: '/api/invoices/{number}', responseMapping: 'data' }] },
    });
    restId = rest.id;
    const erp = await createConnector(scope, {
      slug: 'erp', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: server.url, authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' },
    });
    erpId = erp.id;
  });

  after(async () => {
    await server.close();
  });

  it('calls a stored operation', async () => {
    const { connector, client } = await restClient({ scope }, restId);
    assert.equal(connector.slug, 'billing-api');
    assert.deepEqual(await client.invoke('getInvoice', { number: 'INV-7' }), { number: 'INV-7', auth: 'Bearer stored-token' });
  });

  it('rejects a connector of another driver', async () => {
    await assert.rejects(restClient({ scope }, erpId), (error: Error) =>
      error instanceof PermanentStepError && /uses driver "erpnext", not the generic REST driver/.test(error.message));
  });
});
