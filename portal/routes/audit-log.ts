import express from 'express';
import { requirePlatformAdmin, requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { listAuditRecords } from '../queries/audit-records.ts';

// The audit log of admin changes: per tenant for its admins, and across tenants for platform admins.
export function tenantAuditRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });
  router.get('/audit', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const page = pageRequest(req.query);
    const { rows, pages } = paginate(await listAuditRecords(tenant.id, page), page, `/tenants/${tenant.slug}/audit`);
    res.render('audit/list', { title: `Audit log · ${tenant.name}`, section: 'audit', records: rows, pages });
  });
  return router;
}

export function platformAuditRoutes(): express.Router {
  const router = express.Router();
  router.get('/audit', requirePlatformAdmin, async (req, res) => {
    const page = pageRequest(req.query);
    const { rows, pages } = paginate(await listAuditRecords(null, page), page, '/audit');
    res.render('audit/list', { title: 'Audit log', platform: true, records: rows, pages });
  });
  return router;
}
