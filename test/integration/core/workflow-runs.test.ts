import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { findRunWithSteps, listRuns, type RunFilters, type RunPage } from '../../../services/core/workflow-runs.ts';
import { createTenant } from '../../support/factories.ts';

describe('workflow runs read', () => {
  let scope: TenantScope;
  const contractId = randomUUID();
  const runIds: string[] = [];

  before(async () => {
    const tenant = await createTenant();
    scope = { tenantId: tenant.id, region: tenant.region };
    await withTenant(scope, async (transaction) => {
      const models = regionModels(scope.region);
      const customerId = randomUUID();
      await models.Customer.create({ id: customerId, tenantId: scope.tenantId, name: 'Fabrikam', country: 'NL' }, { transaction });
      await models.Contract.create({ id: contractId, tenantId: scope.tenantId, customerId, title: 'Audit SOW', currency: 'EUR', totalValue: '900.00', startDate: '2027-01-01', endDate: null, executedAt: null, sourceRef: null }, { transaction });
      // Three runs a day apart, newest first in runIds; only the oldest is about no contract.
      for (const [index, day] of ['2027-03-03', '2027-03-02', '2027-03-01'].entries()) {
        const id = randomUUID();
        runIds.push(id);
        await models.WorkflowRun.create({
          id, tenantId: scope.tenantId, flow: index === 1 ? 'milestone-invoice' : 'contract-activation', flowVersion: 1, triggerKey: `test:${id}`, triggerEventId: randomUUID(),
          contractId: index === 2 ? null : contractId, status: index === 0 ? 'failed' : 'completed', input: {}, error: null, leaseOwner: null, leaseUntil: null,
          startedAt: new Date(`${day}T09:00:00Z`), finishedAt: null,
        }, { transaction });
      }
      await models.WorkflowStep.create({ id: randomUUID(), tenantId: scope.tenantId, runId: runIds[0]!, position: 0, name: 'load-contract', status: 'failed', attempts: 2, lastError: 'CLM timed out', output: null, startedAt: null, finishedAt: null }, { transaction });
    });
  });

  const list = (filters: RunFilters, page: RunPage) => withTenant(scope, (transaction) => listRuns(scope.region, scope.tenantId, filters, page, transaction));

  it('names the contract and customer', async () => {
    const runs = await list({}, { limit: 10 });
    assert.deepEqual(runs.map((run) => run.id), runIds);
    assert.equal(runs[0]?.contractTitle, 'Audit SOW');
    assert.equal(runs[0]?.customerName, 'Fabrikam');
    assert.equal(runs[2]?.contractTitle, null);
  });

  it('applies the portal filters', async () => {
    assert.deepEqual((await list({ status: 'failed' }, { limit: 10 })).map((run) => run.id), [runIds[0]]);
    assert.deepEqual((await list({ flow: 'milestone-invoice' }, { limit: 10 })).map((run) => run.id), [runIds[1]]);
    assert.deepEqual((await list({ from: '2027-03-02', to: '2027-03-02' }, { limit: 10 })).map((run) => run.id), [runIds[1]]);
    assert.deepEqual((await list({ contractId }, { limit: 10, offset: 1 })).map((run) => run.id), [runIds[1]]);
  });

  it('continues after a keyset position', async () => {
    const cursorTimeSql = `to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const [first] = await list({}, { limit: 1, cursorTimeSql });
    assert.equal(first?.cursorTime, '2027-03-03T09:00:00.000000Z');
    const after = { sql: '(started_at, id) < (CAST(:cursorTime AS timestamptz), CAST(:cursorId AS uuid))', replacements: { cursorTime: first?.cursorTime, cursorId: first?.id } };
    assert.deepEqual((await list({}, { limit: 5, after })).map((run) => run.id), runIds.slice(1));
  });

  it('reads a run with its steps', async () => {
    const found = await withTenant(scope, (transaction) => findRunWithSteps(scope.region, scope.tenantId, runIds[0]!, transaction));
    assert.equal(found?.run.contractTitle, 'Audit SOW');
    assert.deepEqual(found?.steps.map((step) => [step.name, step.lastError]), [['load-contract', 'CLM timed out']]);
    assert.equal(await withTenant(scope, (transaction) => findRunWithSteps(scope.region, scope.tenantId, randomUUID(), transaction)), null);
  });
});
