import express, { type Response } from 'express';
import { controlModels } from '../../services/core/models/control.ts';
import { actorOf } from '../actions/actor.ts';
import { createApiClient } from '../actions/create-api-client.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { API_SCOPES, readApiClientForm } from '../forms/api-client-form.ts';
import type { FormResult } from '../forms/fields.ts';
import { requestLog } from '../request-context.ts';

function renderNewApiClient(res: Response, form: Pick<FormResult<unknown>, 'values' | 'errors'>, status = 200): void {
  const chosen = new Set((form.values.scopes as string[] | undefined) ?? []);
  res.status(status).render('api-clients/new', {
    title: 'New API client',
    section: 'api-clients',
    values: form.values,
    errors: form.errors,
    scopes: API_SCOPES.map((scope) => ({ value: scope, checked: chosen.has(scope) })),
  });
}

// API clients of a tenant. The list never includes secrets; the secret of a new client appears
// only in the response to the creation request.
export function apiClientRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/api-clients', async (_req, res) => {
    const { tenant } = tenantContext(res);
    const clients = await controlModels().ApiClient.findAll({
      attributes: ['clientId', 'name', 'scopes', 'tier', 'status', 'createdAt'],
      where: { tenantId: tenant.id },
      order: [['createdAt', 'DESC']],
    });
    res.render('api-clients/list', { title: `API clients · ${tenant.name}`, section: 'api-clients', clients: clients.map((client) => client.get()) });
  });

  router.get('/api-clients/new', requireTenantAdmin, (_req, res) => {
    renderNewApiClient(res, { values: { name: '', scopes: [] }, errors: {} });
  });

  router.post('/api-clients', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readApiClientForm(req.body);
    if (!form.input) return renderNewApiClient(res, form, 400);

    const issued = await createApiClient(tenant, form.input, actorOf(req, res));
    requestLog(res).info({ clientId: issued.clientId, scopes: form.input.scopes }, 'API client created');
    // The page carries the only copy of the secret, so no cache or back button may keep it.
    res.set('Cache-Control', 'no-store');
    res.status(201).render('api-clients/created', {
      title: 'API client created',
      section: 'api-clients',
      clientId: issued.clientId,
      secret: issued.secret,
      name: form.input.name,
      scopes: form.input.scopes,
    });
  });

  return router;
}
