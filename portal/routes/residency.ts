import express from 'express';
import { findHostingRegions, findResidencyPolicy, residencyViolation } from '../../services/core/residency.ts';
import { actorOf } from '../actions/actor.ts';
import { changeResidencyPolicy } from '../actions/change-residency-policy.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { setFlash } from '../flash.ts';
import type { PortalSettings } from '../options.ts';
import { requestLog } from '../request-context.ts';
import { listConnectors } from './connectors.ts';

// Shows where a tenant's data lives and where each connector is hosted, and saves the policy on
// connectors hosted outside the tenant's region.
export function residencyRoutes(settings: PortalSettings): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/residency', async (_req, res) => {
    const { tenant } = tenantContext(res);
    const policy = await findResidencyPolicy(tenant.id);
    const hosting = await findHostingRegions(tenant.id);
    const connectors = (await listConnectors(tenant, settings.gatewayUrl)).map((connector) => {
      const hostingRegion = hosting.get(connector.id);
      return { ...connector, hostingRegion, violation: residencyViolation(tenant, { connectorsInRegionOnly: true }, hostingRegion) };
    });
    res.render('tenants/residency', { title: `Residency · ${tenant.name}`, section: 'residency', policy, connectors, enforced: policy.connectorsInRegionOnly });
  });

  router.post('/residency', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const connectorsInRegionOnly = (req.body as Record<string, unknown>).connectorsInRegionOnly === 'yes';
    const changed = await changeResidencyPolicy(tenant, { connectorsInRegionOnly }, actorOf(req, res));
    if (changed) requestLog(res).info({ connectorsInRegionOnly }, 'residency policy changed');
    setFlash(req, connectorsInRegionOnly
      ? `Only connectors hosted in ${tenant.region} may now be saved or called.`
      : 'Connectors hosted in any region may now be saved and called.');
    res.redirect(303, `/tenants/${tenant.slug}/residency`);
  });

  return router;
}
