import assert from 'node:assert/strict';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { saveHostingRegion, saveResidencyPolicy } from '../../../services/core/residency.ts';
import type { TenantScope } from '../../../services/core/tenancy.ts';
import { clmClient, erpClient } from '../../../services/workers/connector-clients.ts';
import { judgeFailure, PermanentStepError } from '../../../services/workers/errors.ts';
import { crmClient } from '../../../services/workers/outside-clients.ts';
import { createTenant } from '../../support/factories.ts';

// The residency policy is checked when a step builds a client, not only when the connector is
// saved: here the policy tightens after the connectors already exist.
describe('connector residency at call time', () => {
  let scope: TenantScope;
  let clmId: string;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    scope = { tenantId: tenant.id, region: tenant.region };
    const erp = await createConnector(scope, { slug: 'erp-us', kind: 'erp', driver: 'erpnext', name: 'ERP', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiKey: 'k', apiSecret: 's' } });
    await saveHostingRegion(tenant.id, erp.id, 'us');
    const clm = await createConnector(scope, { slug: 'clm-eu', kind: 'clm', driver: 'ironclad', name: 'CLM', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiToken: 't' } });
    await saveHostingRegion(tenant.id, clm.id, 'eu');
    clmId = clm.id;
    // Saved without a hosting region, as connectors made before regions were declared.
    await createConnector(scope, { slug: 'crm-old', kind: 'crm', driver: 'hubspot', name: 'CRM', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { accessToken: 't' } });
  });

  it('builds every client without a policy', async () => {
    assert.equal((await erpClient({ scope })).connector.slug, 'erp-us');
    assert.equal((await crmClient({ scope }))?.connector.slug, 'crm-old');
  });

  describe('after the policy tightens', () => {
    before(async () => {
      await saveResidencyPolicy(scope.tenantId, { connectorsInRegionOnly: true });
    });

    it('fails the ERP step for good', async () => {
      const error = await erpClient({ scope }).then(() => undefined, (caught: unknown) => caught);
      assert.ok(error instanceof PermanentStepError, 'a permanent step error');
      assert.equal(error.message, "ERP connector erp-us is hosted in region us, but the tenant's residency policy accepts only connectors hosted in its own region eu.");
      assert.match(error.suggestedAction, /Point connector erp-us at a system hosted in eu/);
      assert.equal(judgeFailure(error).transient, false);
    });

    it('rejects a connector without a region', async () => {
      await assert.rejects(crmClient({ scope }), /CRM connector crm-old has no declared hosting region/);
    });

    it('still builds an in-region client', async () => {
      assert.equal((await clmClient({ scope }, clmId)).connector.slug, 'clm-eu');
    });
  });
});
