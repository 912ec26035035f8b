import express, { type Response } from 'express';
import type { ConnectorSummary } from '../../services/core/connector-registry.ts';
import { regionModels } from '../../services/core/models/region.ts';
import { findHostingRegions, findResidencyPolicy, hostingRegions, residencyViolation } from '../../services/core/residency.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { actorOf } from '../actions/actor.ts';
import { changeConnector } from '../actions/change-connector.ts';
import { createConnector } from '../actions/create-connector.ts';
import { testConnector } from '../actions/test-connector.ts';
import { connectorOf, loadConnector } from '../access/load-connector.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { setFlash } from '../flash.ts';
import { readConnectorEditForm } from '../forms/connector-edit-form.ts';
import { AUTH_LABELS, DRIVERS, driverLabels, driverOf, KIND_LABELS, type DriverDefinition } from '../forms/connector-drivers.ts';
import { readConnectorForm } from '../forms/connector-form.ts';
import { storedRestOperationValues } from '../forms/rest-operations-form.ts';
import { selectOptions } from '../forms/select-options.ts';
import type { FormResult } from '../forms/fields.ts';
import type { PortalSettings } from '../options.ts';
import { requestLog } from '../request-context.ts';

type Form = Pick<FormResult<unknown>, 'values' | 'errors'>;

// The gateway receives a connector's webhooks (CLM or PSA) at this URL and verifies them with the
// connector's key.
export function webhookUrl(gatewayUrl: string, tenantSlug: string, connectorSlug: string): string {
  return `${gatewayUrl}/hooks/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(connectorSlug)}`;
}

function displayFields(connector: Pick<ConnectorSummary, 'slug' | 'kind' | 'driver'>, tenant: Tenant, gatewayUrl: string) {
  return {
    kindLabel: KIND_LABELS[connector.kind] ?? connector.kind,
    driverLabel: driverOf(connector.driver)?.label ?? connector.driver,
    webhookUrl: driverOf(connector.driver)?.webhookKey ? webhookUrl(gatewayUrl, tenant.slug, connector.slug) : undefined,
  };
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
    const { kindLabel, driverLabel, webhookUrl: url } = displayFields(connector, tenant, gatewayUrl);
    return { id: connector.id, slug: connector.slug, name: connector.name, kind: kindLabel, driver: driverLabel, baseUrl: connector.baseUrl, status: connector.status, webhookUrl: url };
  });
}

// Builds the credential and webhook key fields of one driver for the connector forms. Credential
// values are never filled in, because any of them may be a secret; the public PEM key is.
function fieldset(name: string, driver: DriverDefinition, errors: Record<string, string>) {
  return {
    name,
    label: driver.label,
    kind: driver.kind.toUpperCase(),
    fields: driver.credentials.map((credential) => ({ ...credential, type: credential.secret ? 'password' : 'text', error: errors[credential.field] })),
    webhookKeyPem: driver.webhookKey === 'pem',
    webhookKeySecret: driver.webhookKey === 'whsec',
    webhookKeyPemError: errors.webhookKeyPem,
    webhookSecretError: errors.webhookSecret,
  };
}

function renderNewConnector(res: Response, form: Form, status = 200): void {
  const chosen = (field: string) => form.values[field] as string | undefined;
  res.status(status).render('connectors/new', {
    title: 'New connector',
    section: 'overview',
    values: form.values,
    errors: form.errors,
    authKinds: selectOptions(AUTH_LABELS, chosen('authKind')),
    driverFieldsets: Object.entries(DRIVERS).map(([name, driver]: [string, DriverDefinition]) => fieldset(name, driver, form.errors)),
    driverChoices: Object.entries(DRIVERS).map(([name, driver]: [string, DriverDefinition]) => ({
      value: name, label: driverLabels()[name], kind: driver.kind, authKind: driver.authKind, selected: name === chosen('driver'),
    })),
    hostingRegions: selectOptions(hostingRegions(), chosen('hostingRegion')),
  });
}

// The residency policy's objection to a connector hosted in this region, as a field error.
async function residencyErrors(tenant: Tenant, hostingRegion: string): Promise<Record<string, string> | undefined> {
  const violation = residencyViolation(tenant, await findResidencyPolicy(tenant.id), hostingRegion);
  return violation ? { hostingRegion: `${violation} Choose ${tenant.region}, or ask a tenant admin to relax the policy on the Residency tab.` } : undefined;
}

function renderEditConnector(res: Response, connector: ConnectorSummary, form: Form, status = 200): void {
  res.status(status).render('connectors/edit', {
    title: `Edit ${connector.name}`,
    section: 'overview',
    connector,
    values: form.values,
    errors: form.errors,
    driverFieldset: driverOf(connector.driver) ? fieldset(connector.driver, driverOf(connector.driver)!, form.errors) : undefined,
    hostingRegions: selectOptions(hostingRegions(), form.values.hostingRegion as string | undefined),
  });
}

// Connectors of a tenant: creation, the connector page, edits, the connection check and
// disabling. Credentials are write-only, so pages show whether they are set and never their values.
export function connectorRoutes(settings: PortalSettings): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/connectors/new', requireTenantAdmin, (_req, res) => {
    const { tenant } = tenantContext(res);
    renderNewConnector(res, { values: { driver: 'ironclad', authKind: 'api-token', hostingRegion: tenant.region }, errors: {} });
  });

  router.post('/connectors', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readConnectorForm(req.body);
    if (!form.input) return renderNewConnector(res, form, 400);
    const rejected = await residencyErrors(tenant, form.input.hostingRegion);
    if (rejected) return renderNewConnector(res, { values: form.values, errors: rejected }, 400);

    const connectorId = await createConnector(tenant, form.input, actorOf(req, res));
    if (!connectorId) {
      return renderNewConnector(res, { values: form.values, errors: { slug: `This tenant already has a connector "${form.input.slug}". Choose another slug.` } }, 409);
    }
    requestLog(res).info({ connectorId, slug: form.input.slug, driver: form.input.driver }, 'connector created');
    setFlash(req, `Connector ${form.input.name} created. Its credentials are stored encrypted and will not be shown again.`);
    res.redirect(303, `/tenants/${tenant.slug}`);
  });

  const renderShow = async (res: Response, check?: unknown) => {
    const { tenant } = tenantContext(res);
    const connector = connectorOf(res);
    const hostingRegion = (await findHostingRegions(tenant.id)).get(connector.id);
    const violation = residencyViolation(tenant, await findResidencyPolicy(tenant.id), hostingRegion);
    res.render('connectors/show', { title: connector.name, section: 'overview', connector, check, hostingRegion, violation, ...displayFields(connector, tenant, settings.gatewayUrl) });
  };

  router.get('/connectors/:connectorSlug', loadConnector, (_req, res) => renderShow(res));

  router.get('/connectors/:connectorSlug/edit', requireTenantAdmin, loadConnector, async (_req, res) => {
    const { tenant } = tenantContext(res);
    const connector = connectorOf(res);
    const hostingRegion = (await findHostingRegions(tenant.id)).get(connector.id) ?? '';
    const values = { name: connector.name, baseUrl: connector.baseUrl, hostingRegion, ...storedRestOperationValues(connector) };
    renderEditConnector(res, connector, { values, errors: {} });
  });

  router.post('/connectors/:connectorSlug', requireTenantAdmin, loadConnector, async (req, res) => {
    const { tenant } = tenantContext(res);
    const connector = connectorOf(res);
    const form = readConnectorEditForm(req.body, connector);
    if (!form.input) return renderEditConnector(res, connector, form, 400);
    const rejected = await residencyErrors(tenant, form.input.hostingRegion);
    if (rejected) return renderEditConnector(res, connector, { values: form.values, errors: rejected }, 400);

    const changes = form.input;
    await changeConnector(tenant, connector.slug, changes, 'connector.update', actorOf(req, res));
    requestLog(res).info({ connectorId: connector.id, credentialsReplaced: Boolean(changes.credentials) }, 'connector updated');
    setFlash(req, form.input.credentials ? `Connector ${form.input.name} saved with its new credentials.` : `Connector ${form.input.name} saved. Its credentials were kept.`);
    res.redirect(303, `/tenants/${tenant.slug}/connectors/${connector.slug}`);
  });

  router.post('/connectors/:connectorSlug/test', requireTenantAdmin, loadConnector, async (_req, res) => {
    const { tenant } = tenantContext(res);
    const connector = connectorOf(res);
    const check = await testConnector(scopeOf(tenant), connector.slug);
    requestLog(res).info({ connectorId: connector.id, ok: check?.ok, durationMs: check?.durationMs }, 'connector connection checked');
    await renderShow(res, check);
  });

  for (const [path, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    router.post(`/connectors/:connectorSlug/${path}`, requireTenantAdmin, loadConnector, async (req, res) => {
      const { tenant } = tenantContext(res);
      const connector = connectorOf(res);
      await changeConnector(tenant, connector.slug, { status }, `connector.${path}`, actorOf(req, res));
      requestLog(res).info({ connectorId: connector.id, status }, `connector ${status}`);
      setFlash(req, status === 'disabled'
        ? `Connector ${connector.name} is disabled. Runs that need it fail with an exception, and its webhooks are rejected, until you enable it.`
        : `Connector ${connector.name} is active again.`);
      res.redirect(303, `/tenants/${tenant.slug}/connectors/${connector.slug}`);
    });
  }

  return router;
}
