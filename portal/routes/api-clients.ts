import express, { type Request, type Response } from 'express';
import { controlModels } from '../../services/core/models/control.ts';
import { actorOf } from '../actions/actor.ts';
import { createApiClient } from '../actions/create-api-client.ts';
import { revokeApiClient } from '../actions/revoke-api-client.ts';
import { rotateApiClientSecret } from '../actions/rotate-api-client-secret.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { API_SCOPES, readApiClientForm } from '../forms/api-client-form.ts';
import { apiTierLabels } from '../forms/api-tiers.ts';
import { text, type FormResult } from '../forms/fields.ts';
import { selectOptions } from '../forms/select-options.ts';
import { setFlash } from '../flash.ts';
import { keepSecretForOneView, takeSecret } from '../one-time-secret.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { requestLog } from '../request-context.ts';

function renderNewApiClient(res: Response, form: Pick<FormResult<unknown>, 'values' | 'errors'>, status = 200): void {
  const chosen = new Set((form.values.scopes as string[] | undefined) ?? []);
  res.status(status).render('api-clients/new', {
    title: 'New API client',
    section: 'api-clients',
    values: form.values,
    errors: form.errors,
    scopes: API_SCOPES.map((scope) => ({ value: scope, checked: chosen.has(scope) })),
    tiers: selectOptions(apiTierLabels(), form.values.tier as string | undefined),
  });
}

// The page that carries a secret is the only copy of it, so no cache or back button may keep it.
// Loaded again, it explains that the secret was shown and how to get a new one.
async function renderSecretOnce(req: Request, res: Response): Promise<void> {
  const { tenant } = tenantContext(res);
  const clientId = String(req.params.clientId);
  const shown = takeSecret(req, tenant.id, clientId);
  res.set('Cache-Control', 'no-store');
  if (!shown) {
    const client = await controlModels().ApiClient.findOne({ attributes: ['clientId'], where: { clientId, tenantId: tenant.id } });
    if (!client) return clientNotFound(res, clientId);
    res.render('api-clients/secret-shown', { title: 'Secret already shown', section: 'api-clients', clientId });
    return;
  }
  res.render('api-clients/created', { title: shown.heading, section: 'api-clients', clientId, ...shown });
}

function secretPage(res: Response, clientId: string): string {
  return `/tenants/${tenantContext(res).tenant.slug}/api-clients/${clientId}/secret`;
}

// How long the previous secret keeps working after a rotation, in hours.
const GRACE_LABELS: Record<string, string> = { 1: '1 hour', 24: '24 hours', 168: '7 days' };

function clientNotFound(res: Response, clientId: string): void {
  const { tenant } = tenantContext(res);
  res.status(404).render('error', { title: 'API client not found', message: `Tenant ${tenant.name} has no active API client ${clientId}. It may have been revoked; pick a client from the list.` });
}

// API clients of a tenant. The list never includes secrets. A secret appears once, on the page
// that the form post that generated it redirects to.
export function apiClientRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/api-clients', async (req, res) => {
    const { tenant } = tenantContext(res);
    const page = pageRequest(req.query);
    const clients = await controlModels().ApiClient.findAll({
      attributes: ['clientId', 'name', 'scopes', 'tier', 'status', 'createdAt'],
      where: { tenantId: tenant.id },
      order: [['status', 'ASC'], ['createdAt', 'DESC']],
      limit: page.limit,
      offset: page.offset,
    });
    const { rows, pages } = paginate(clients.map((client) => client.get()), page, `/tenants/${tenant.slug}/api-clients`);
    res.render('api-clients/list', { title: `API clients · ${tenant.name}`, section: 'api-clients', clients: rows, pages });
  });

  router.get('/api-clients/new', requireTenantAdmin, (_req, res) => {
    const { tenant } = tenantContext(res);
    renderNewApiClient(res, { values: { name: '', scopes: [], tier: tenant.apiTier }, errors: {} });
  });

  router.post('/api-clients', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readApiClientForm(req.body);
    if (!form.input) return renderNewApiClient(res, form, 400);

    const issued = await createApiClient(tenant, form.input, actorOf(req, res));
    requestLog(res).info({ clientId: issued.clientId, scopes: form.input.scopes, tier: form.input.tier }, 'API client created');
    keepSecretForOneView(req, tenant.id, issued.clientId, issued.secret, { heading: 'API client created', name: form.input.name, scopes: form.input.scopes });
    res.redirect(303, secretPage(res, issued.clientId));
  });

  router.get('/api-clients/:clientId/secret', requireTenantAdmin, renderSecretOnce);

  router.get('/api-clients/:clientId/rotate', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const clientId = String(req.params.clientId);
    const client = await controlModels().ApiClient.findOne({ attributes: ['clientId', 'name'], where: { clientId, tenantId: tenant.id, status: 'active' } });
    if (!client) return clientNotFound(res, clientId);
    res.render('api-clients/rotate', { title: `Rotate ${clientId}`, section: 'api-clients', client: client.get(), graces: selectOptions(GRACE_LABELS, '24') });
  });

  router.post('/api-clients/:clientId/rotate', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const clientId = String(req.params.clientId);
    const grace = text(req.body, 'graceHours');
    if (!Object.hasOwn(GRACE_LABELS, grace)) {
      res.status(400).render('error', { title: 'Invalid grace period', message: `Choose one of the offered grace periods: ${Object.values(GRACE_LABELS).join(', ')}.` });
      return;
    }
    const rotated = await rotateApiClientSecret(tenant, clientId, Number(grace), actorOf(req, res));
    if (!rotated) return clientNotFound(res, clientId);
    requestLog(res).info({ clientId, graceHours: Number(grace) }, 'API client secret rotated');
    keepSecretForOneView(req, tenant.id, clientId, rotated.secret, { heading: 'New secret issued', previousValidUntil: rotated.previousValidUntil.toISOString() });
    res.redirect(303, secretPage(res, clientId));
  });

  router.post('/api-clients/:clientId/revoke', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const clientId = String(req.params.clientId);
    const revoked = await revokeApiClient(tenant, clientId, actorOf(req, res));
    if (!revoked) return clientNotFound(res, clientId);
    requestLog(res).info({ clientId }, 'API client revoked');
    setFlash(req, `API client ${clientId} is revoked. The gateway rejects its secret, and tokens already issued stop working within a minute.`);
    res.redirect(303, `/tenants/${tenant.slug}/api-clients`);
  });

  return router;
}
