import express, { type Request, type Response } from 'express';
import { Op } from 'sequelize';
import { config } from '../../services/core/config.ts';
import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import { actorOf } from '../actions/actor.ts';
import { createTenant } from '../actions/create-tenant.ts';
import { requirePlatformAdmin } from '../access/tenant-access.ts';
import { ROLE_LABELS, roleForTenant } from '../access/roles.ts';
import { setFlash } from '../flash.ts';
import { readTenantForm } from '../forms/tenant-form.ts';
import { selectOptions } from '../forms/select-options.ts';
import type { FormResult } from '../forms/fields.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { requestLog } from '../request-context.ts';

const regionNames = () => config().regions.map((region) => region.name);

async function visibleTenants(req: Request): Promise<Tenant[]> {
  const { Tenant } = controlModels();
  const page = pageRequest(req.query);
  const user = req.user!;
  const where = user.platformAdmin ? {} : { id: { [Op.in]: Object.keys(user.tenantRoles) } };
  return Tenant.findAll({ where, order: [['slug', 'ASC']], limit: page.limit, offset: page.offset });
}

function renderNewTenant(res: Response, form: Pick<FormResult<unknown>, 'values' | 'errors'>, status = 200): void {
  res.status(status).render('tenants/new', {
    title: 'New tenant',
    values: form.values,
    errors: form.errors,
    regions: selectOptions(regionNames(), form.values.region as string | undefined),
  });
}

// Tenant list for every member, and tenant creation for platform admins.
export function tenantRoutes(): express.Router {
  const router = express.Router();

  router.get('/tenants', async (req, res) => {
    const { rows, pages } = paginate(await visibleTenants(req), pageRequest(req.query), '/tenants');
    const tenants = rows.map((tenant) => {
      const role = roleForTenant(req.user!, tenant.id);
      return { slug: tenant.slug, name: tenant.name, region: tenant.region, status: tenant.status, role: role ? ROLE_LABELS[role] : '' };
    });
    res.render('tenants/list', { title: 'Tenants', tenants, pages, canCreate: req.user!.platformAdmin });
  });

  router.get('/tenants/new', requirePlatformAdmin, (_req, res) => {
    renderNewTenant(res, { values: { region: regionNames()[0] ?? '' }, errors: {} });
  });

  router.post('/tenants', requirePlatformAdmin, async (req, res) => {
    const form = readTenantForm(req.body, regionNames());
    if (!form.input) return renderNewTenant(res, form, 400);

    const tenant = await createTenant(form.input, actorOf(req, res));
    if (!tenant) {
      return renderNewTenant(res, { values: form.values, errors: { slug: `A tenant with slug "${form.input.slug}" already exists. Choose another slug.` } }, 409);
    }
    requestLog(res).info({ tenantId: tenant.id, slug: tenant.slug, region: tenant.region }, 'tenant created');
    setFlash(req, `Tenant ${tenant.name} created in region ${tenant.region}.`);
    res.redirect(303, `/tenants/${tenant.slug}`);
  });

  return router;
}
