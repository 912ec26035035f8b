import express from 'express';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { findRunWithSteps, listRuns } from '../queries/workflow-runs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Workflow runs of a tenant, newest first, and one run with its steps. Both read the tenant's
// region database inside withTenant, so row-level security also limits them to this tenant.
export function runRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/runs', async (req, res) => {
    const { tenant } = tenantContext(res);
    const page = pageRequest(req.query);
    const found = await withTenant(scopeOf(tenant), (transaction) => listRuns(tenant.region, tenant.id, page, transaction));
    const { rows, pages } = paginate(found, page, `/tenants/${tenant.slug}/runs`);
    res.render('runs/list', { title: `Runs · ${tenant.name}`, section: 'runs', runs: rows, pages });
  });

  router.get('/runs/:runId', async (req, res) => {
    const { tenant } = tenantContext(res);
    const runId = String(req.params.runId);
    const found = UUID.test(runId)
      ? await withTenant(scopeOf(tenant), (transaction) => findRunWithSteps(tenant.region, tenant.id, runId, transaction))
      : null;

    if (!found) {
      res.status(404).render('error', { title: 'Run not found', message: `Tenant ${tenant.name} has no run ${runId}. Open the run from the runs list.` });
      return;
    }
    res.render('runs/show', { title: `Run ${found.run.flow}`, section: 'runs', ...found });
  });

  return router;
}
