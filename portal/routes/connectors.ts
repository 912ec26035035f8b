import express, { type Response } from 'express';
import { regionModels } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { actorOf } from '../actions/actor.ts';
import { createConnector } from '../actions/create-connector.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { setFlash } from '../flash.ts';
import { DRIVERS, KIND_LABELS, readConnectorForm, type DriverName } from '../forms/connector-form.ts';
import { selectOptions } from '../forms/select-options.ts';
import type { FormResult } from '../forms/fields.ts';
import { requestLog } from '../request-context.ts';

// The gateway receives a CLM's webhooks at this URL and verifies them with the connector's key.
export function webhookUrl(gatewayUrl: string, tenantSlug: string, connectorSlug: string): string {
  return `${gatewayUrl}/hooks/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(connectorSlug)}`;
}

// Lists the tenant's connectors for display. Encrypted columns are not selected at all, so
// neither ciphertext nor plaintext can reach a page; the list only shows that credentials are set.
export async function listConnectors(tenant: Tenant, gatewayUrl: string) {
  const { Connector } = regionModels(tenant.region);
  const rows = await withTenant(scopeOf(tenant), (transaction) => Connector.findAll({
    attributes: ['id', 'slug', 'name', 'kind', 'driver', 'baseUrl', 'status', 'createdAt'],
    where: { tenantId: tenant.id },
    order: [['slug', 'ASC']],
    transaction,
  }));
  return rows.map((row) => {
    const connector = row.get();
    return {
      slug: connector.slug,
      name: connector.name,
      kind: KIND_LABELS[connector.kind as keyof typeof KIND_LABELS] ?? connector.kind,
      driver: DRIVERS[connector.driver as DriverName]?.label ?? connector.driver,
      baseUrl: connector.baseUrl,
      status: connector.status,
      webhookUrl: connector.kind === 'clm' ? webhookUrl(gatewayUrl, tenant.slug, connector.slug) : undefined,
    };
  });
}

function renderNewConnector(res: Response, form: Pick<FormResult<unknown>, 'values' | 'errors'>, status = 200): void {
  const chosen = (field: string) => form.values[field] as string | undefined;
  res.status(status).render('connectors/new', {
    title: 'New connector',
    values: form.values,
    errors: form.errors,
    kinds: selectOptions(KIND_LABELS, chosen('kind')),
    drivers: selectOptions({ ironclad: 'Ironclad (CLM)', erpnext: 'ERPNext (ERP)' }, chosen('driver')),
    authKinds: selectOptions({ 'api-token': 'API token' }, chosen('authKind')),
  });
}

// Connector creation for tenant admins. The list is on the tenant page.
export function connectorRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/connectors/new', requireTenantAdmin, (_req, res) => {
    renderNewConnector(res, { values: { kind: 'clm', driver: 'ironclad', authKind: 'api-token' }, errors: {} });
  });

  router.post('/connectors', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readConnectorForm(req.body);
    if (!form.input) return renderNewConnector(res, form, 400);

    const connectorId = await createConnector(tenant, form.input, actorOf(req, res));
    if (!connectorId) {
      return renderNewConnector(res, { values: form.values, errors: { slug: `This tenant already has a connector "${form.input.slug}". Choose another slug.` } }, 409);
    }
    requestLog(res).info({ connectorId, slug: form.input.slug, driver: form.input.driver }, 'connector created');
    setFlash(req, `Connector ${form.input.name} created. Its credentials are stored encrypted and will not be shown again.`);
    res.redirect(303, `/tenants/${tenant.slug}`);
  });

  return router;
}
