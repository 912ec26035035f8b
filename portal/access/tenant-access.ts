import type { RequestHandler, Response } from 'express';
import { findTenantBySlug } from '../../services/core/tenants.ts';
import type { Role, Tenant } from '../../services/core/models/control.ts';
import { requestLog } from '../request-context.ts';
import { canManageTenant, ROLE_LABELS, roleForTenant } from './roles.ts';

export interface TenantContext {
  tenant: Tenant;
  role: Role;
}

export function tenantContext(res: Response): TenantContext {
  return { tenant: res.locals.tenantModel as Tenant, role: res.locals.role as Role };
}

// Resolves /tenants/:slug/... to a tenant the user may see. A tenant that does not exist and one
// the user has no role in both get the same 404, so the page does not reveal which slugs exist.
export const loadTenant: RequestHandler = async (req, res, next) => {
  const slug = String(req.params.slug ?? '');
  const tenant = await findTenantBySlug(slug);
  const role = tenant && req.user ? roleForTenant(req.user, tenant.id) : undefined;

  if (!tenant || !role) {
    requestLog(res).info({ slug }, 'tenant page refused: unknown tenant or no membership');
    res.status(404).render('error', { title: 'Tenant not found', message: `There is no tenant "${slug}" that you can open. Check the address, or pick a tenant from the list.` });
    return;
  }

  // Views get a plain copy because Handlebars refuses to read Sequelize's prototype getters.
  res.locals.tenantModel = tenant;
  res.locals.tenant = tenant.get({ plain: true });
  res.locals.role = role;
  res.locals.roleLabel = ROLE_LABELS[role];
  res.locals.canManage = canManageTenant(role);
  next();
};

// Lets only admins of the tenant in scope through; viewers get a 403 page that explains why.
export const requireTenantAdmin: RequestHandler = (req, res, next) => {
  if (canManageTenant(res.locals.role as Role | undefined)) return next();
  requestLog(res).info({ path: req.path }, 'change refused: viewer role');
  res.status(403).render('error', { title: 'Read-only access', message: 'Your role in this tenant is viewer, so you can look but not change anything. Ask a tenant admin for the admin role.' });
};

export const requirePlatformAdmin: RequestHandler = (req, res, next) => {
  if (req.user?.platformAdmin) return next();
  requestLog(res).info({ path: req.path }, 'change refused: not a platform admin');
  res.status(403).render('error', { title: 'Platform admins only', message: 'Only a platform operator can do this. Ask one of them if you need a new tenant.' });
};
