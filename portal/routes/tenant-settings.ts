import express, { type Response } from 'express';
import { actorOf } from '../actions/actor.ts';
import { updateTenant } from '../actions/update-tenant.ts';
import { requirePlatformAdmin, tenantContext } from '../access/tenant-access.ts';
import { apiTierLabels } from '../forms/api-tiers.ts';
import type { FormResult } from '../forms/fields.ts';
import { selectOptions } from '../forms/select-options.ts';
import { PLANS, readSuspensionForm, readTenantPlanForm } from '../forms/tenant-plan-form.ts';
import { setFlash } from '../flash.ts';
import { requestLog } from '../request-context.ts';

type Form = Pick<FormResult<unknown>, 'values' | 'errors'>;

function renderSettings(res: Response, forms: { plan?: Form; suspension?: Form } = {}, status = 200): void {
  const { tenant } = tenantContext(res);
  const plan = forms.plan ?? { values: { plan: tenant.plan, apiTier: tenant.apiTier }, errors: {} };
  res.status(status).render('tenants/settings', {
    title: `Settings · ${tenant.name}`,
    section: 'settings',
    planForm: plan,
    suspensionForm: forms.suspension ?? { values: {}, errors: {} },
    plans: selectOptions(PLANS, plan.values.plan as string),
    tiers: selectOptions(apiTierLabels(), plan.values.apiTier as string),
    suspended: tenant.status === 'suspended',
  });
}

// Serves a tenant's plan, API tier and status. Every member can read them, and only platform
// admins can change them.
export function tenantSettingsRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/settings', (_req, res) => renderSettings(res));

  router.post('/settings', requirePlatformAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readTenantPlanForm(req.body);
    if (!form.input) return renderSettings(res, { plan: form }, 400);

    const changed = await updateTenant(tenant.id, form.input, 'tenant.update-plan', actorOf(req, res));
    if (changed) requestLog(res).info({ ...form.input }, 'tenant plan changed');
    setFlash(req, changed ? `Plan ${form.input.plan} and API tier ${form.input.apiTier} saved.` : 'Nothing changed: the plan and tier were already set.');
    res.redirect(303, `/tenants/${tenant.slug}/settings`);
  });

  router.post('/suspend', requirePlatformAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readSuspensionForm(req.body);
    if (!form.input) return renderSettings(res, { suspension: form }, 400);

    await updateTenant(tenant.id, { status: 'suspended' }, 'tenant.suspend', actorOf(req, res), form.input.reason);
    requestLog(res).info({ reason: form.input.reason }, 'tenant suspended');
    setFlash(req, `Tenant ${tenant.name} is suspended. Its API tokens and webhooks are rejected until you resume it.`);
    res.redirect(303, `/tenants/${tenant.slug}/settings`);
  });

  router.post('/resume', requirePlatformAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    await updateTenant(tenant.id, { status: 'active' }, 'tenant.resume', actorOf(req, res));
    requestLog(res).info('tenant resumed');
    setFlash(req, `Tenant ${tenant.name} is active again. Its API clients can request new tokens now.`);
    res.redirect(303, `/tenants/${tenant.slug}/settings`);
  });

  return router;
}
