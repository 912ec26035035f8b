import express, { type Response } from 'express';
import { withTenant } from '../../services/core/tenancy.ts';
import { findRunWithSteps, listFlowNames, listRuns } from '../../services/core/workflow-runs.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { filterQuery, readRunFilters, RUN_STATUSES } from '../forms/run-filters.ts';
import { selectOptions } from '../forms/select-options.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { findContractLineage } from '../queries/contract-lineage.ts';
import { exceptionsOfRun } from '../queries/workflow-exceptions.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Renders one run with its steps and exceptions; `extra` carries a replay plan or a resolve
// form's error from the run actions.
export async function renderRun(res: Response, runId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const { tenant } = tenantContext(res);
  const found = UUID.test(runId)
    ? await withTenant(scopeOf(tenant), async (transaction) => {
      const run = await findRunWithSteps(tenant.region, tenant.id, runId, transaction);
      return run && { ...run, exceptions: await exceptionsOfRun(tenant.region, tenant.id, runId, transaction) };
    })
    : null;

  if (!found) {
    res.status(404).render('error', { title: 'Run not found', message: `Tenant ${tenant.name} has no run ${runId}. Open the run from the runs list.` });
    return;
  }
  const replayFrom = selectOptions(found.steps.map((step) => step.name), (extra.plan as { fromStep?: string } | undefined)?.fromStep ?? found.steps[0]?.name);
  res.render('runs/show', { title: `Run ${found.run.flow}`, section: 'runs', ...found, replayFrom, back: 'run', ...extra });
}

// Workflow runs of a tenant with filters, one run with its steps and exceptions, and the lineage
// of a contract. All of them read the tenant's region database inside withTenant, so row-level
// security also limits them to this tenant.
export function runRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/runs', async (req, res) => {
    const { tenant } = tenantContext(res);
    const scope = scopeOf(tenant);
    const flows = await withTenant(scope, (transaction) => listFlowNames(tenant.region, tenant.id, transaction));
    const { values, errors, filters } = readRunFilters(req.query, flows);
    const page = pageRequest(req.query);
    const found = await withTenant(scope, (transaction) => listRuns(tenant.region, tenant.id, filters, page, transaction));
    const { rows, pages } = paginate(found, page, `/tenants/${tenant.slug}/runs`, filterQuery(filters));

    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('runs/list', {
      title: `Runs · ${tenant.name}`,
      section: 'runs',
      runs: rows,
      pages,
      values,
      errors,
      filtered: Object.keys(filters).length > 0,
      statuses: [{ value: '', label: 'Any status', selected: !values.status }, ...selectOptions([...RUN_STATUSES], values.status)],
      flows: [{ value: '', label: 'Any flow', selected: !values.flow }, ...selectOptions(flows, values.flow)],
    });
  });

  router.get('/runs/:runId', (req, res) => renderRun(res, String(req.params.runId)));

  router.get('/contracts/:contractId/lineage', async (req, res) => {
    const { tenant } = tenantContext(res);
    const contractId = String(req.params.contractId);
    const lineage = UUID.test(contractId)
      ? await withTenant(scopeOf(tenant), (transaction) => findContractLineage(tenant.region, tenant.id, contractId, transaction))
      : null;
    if (!lineage) {
      res.status(404).render('error', { title: 'Contract not found', message: `Tenant ${tenant.name} has no contract ${contractId}. Open the lineage from a run that names the contract.` });
      return;
    }
    res.render('runs/lineage', { title: `Lineage · ${lineage.contract.title}`, section: 'runs', ...lineage });
  });

  return router;
}
