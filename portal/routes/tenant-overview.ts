import express from 'express';
import { tenantContext } from '../access/tenant-access.ts';
import type { PortalSettings } from '../options.ts';
import { listConnectors } from './connectors.ts';

// The tenant page: its settings and its connectors with their webhook URLs.
export function tenantOverviewRoutes(settings: PortalSettings): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const { tenant } = tenantContext(res);
    const connectors = await listConnectors(tenant, settings.gatewayUrl);
    res.render('tenants/show', { title: tenant.name, section: 'overview', connectors });
  });

  return router;
}
