import assert from 'node:assert/strict';
import { logger } from '../../../services/core/logger.ts';
import { sendStandardWebhook } from '../../../services/simulators/shared/standard-webhook-sender.ts';
import { register } from 'prom-client';
import { registerKpiMetrics } from '../../../services/workers/kpi-metrics.ts';
import { accessToken, startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, json, tenantRows, type StoredRun } from './flow-helpers.ts';

// One contract through its life: activation, a milestone invoiced, an amendment of rates, dates
// and value, and an amendment that would change the invoiced milestone.
describe('milestone invoicing and amendments, end to end', function () {
  this.timeout(90_000);
  let platform: RunningPlatform;
  let workflowId: string;
  let activation: StoredRun | undefined;
  let firstStoryId: string;

  before(async () => {
    platform = await startPlatform();
    workflowId = await executeWorkflow(platform, exampleWorkflow());
    [activation] = await finishedRuns(platform, 'contract-activation');
  });

  after(async () => {
    await platform?.close();
  });

  function milestoneStories() {
    return [...platform.psa.state.stories.values()].filter((story) => story.story_type === 'milestone').sort((a, b) => a.due_date!.localeCompare(b.due_date!));
  }

  it('activates the contract', () => {
    assert.equal(activation!.status, 'completed', activation!.error ?? '');
  });

  it('invoices a milestone completed in the PSA', async () => {
    firstStoryId = milestoneStories()[0]!.id;
    await json(await fetch(`${platform.psa.url}/_sim/stories/${firstStoryId}/complete`, { method: 'POST' }));
    const [run] = await finishedRuns(platform, 'milestone-invoice');
    assert.equal(run!.status, 'completed', run!.error ?? '');

    const invoices = platform.erp.store.list('Sales Invoice');
    assert.equal(invoices.length, 1);
    const invoice = invoices[0]!;
    assert.equal(invoice.company, 'Acme Conseil SAS');
    assert.equal(invoice.docstatus, 0);
    assert.equal(invoice.net_total, 36000);
    assert.equal(invoice.total_taxes_and_charges, 7200);
    const [milestone] = await tenantRows<{ id: string; status: string }>(platform, `SELECT id, status FROM milestones WHERE name = 'Current-state assessment accepted'`);
    assert.equal(invoice.po_no, milestone!.id);
    assert.equal(milestone!.status, 'invoiced');
  });

  it('invoices a milestone once when the webhook repeats', async () => {
    const [sent] = platform.psa.state.sent;
    const { data } = JSON.parse(sent!.body) as { data: unknown };
    await sendStandardWebhook(platform.psa.state.webhooks[0]!, 'story.completed', data, logger('test'));
    await platform.workers[0]!.drainOutbox();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal((await tenantRows(platform, `SELECT id FROM workflow_runs WHERE flow = 'milestone-invoice'`)).length, 1);
    assert.equal(platform.erp.store.list('Sales Invoice').length, 1);
  });

  it('applies an amendment of rates, dates and value', async () => {
    const original = exampleWorkflow().attributes;
    await executeWorkflow(platform, {
      title: 'Northwind Logistics: amendment 1 (rate card)',
      template: 'contract-amendment',
      attributes: {
        amendedWorkflowId: workflowId,
        contractValue: { amount: '153000.00', currency: 'EUR' },
        expirationDate: '2027-07-31',
        rateCard: [{ role: 'partner', unit: 'day', rate: '2400.00' }, { role: 'senior-consultant', unit: 'day', rate: '1500.00' }],
        lineItems: [
          (original.lineItems as object[])[0],
          { description: 'Senior consultant days for data migration', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '30', unitPrice: '1500.00', amount: '45000.00' },
        ],
        milestones: [
          ...(original.milestones as object[]).slice(0, 2),
          { name: 'Roll-out plan delivered', dueDate: '2027-07-15', amount: '36000.00' },
        ],
      },
    });
    const [run] = await finishedRuns(platform, 'amendment-billing');
    assert.equal(run!.status, 'completed', run!.error ?? '');

    const [order] = platform.erp.store.list('Sales Order');
    assert.equal(order!.net_total, 153000);
    const schedule = order!.payment_schedule as { due_date: string }[];
    assert.ok(schedule.some((line) => line.due_date === '2027-07-15'));
    const rate = [...platform.psa.state.resources.values()].find((resource) => resource.role_name === 'senior-consultant');
    assert.equal(rate?.bill_rate_in_cents, 150000);
    const versions = await tenantRows<{ version: number; status: string }>(platform, 'SELECT version, status FROM billing_schedules ORDER BY version');
    assert.deepEqual(versions, [{ version: 1, status: 'superseded' }, { version: 2, status: 'current' }]);
    const [amendment] = await tenantRows<{ status: string; previousValue: string }>(platform, `SELECT status, previous_terms->'contract'->>'totalValue' AS "previousValue" FROM contract_amendments`);
    assert.equal(amendment!.status, 'applied');
    assert.equal(amendment!.previousValue, '150000.00');
  });

  it('opens an exception for an amendment of an invoiced milestone', async () => {
    await executeWorkflow(platform, {
      title: 'Northwind Logistics: amendment 2 (assessment fee)',
      template: 'contract-amendment',
      attributes: {
        amendedWorkflowId: workflowId,
        milestones: [
          { name: 'Current-state assessment accepted', dueDate: '2027-02-15', amount: '30000.00' },
          ...(exampleWorkflow().attributes.milestones as object[]).slice(1),
        ],
      },
    });
    const runs = await finishedRuns(platform, 'amendment-billing', 2);
    const rejected = runs[1]!;
    assert.equal(rejected.status, 'failed');
    assert.match(rejected.error ?? '', /milestone "Current-state assessment accepted" is already invoiced/);
    const [exception] = await tenantRows<{ stepName: string; status: string }>(platform, `SELECT step_name AS "stepName", status FROM workflow_exceptions WHERE run_id = :id`, { id: rejected.id });
    assert.equal(exception!.stepName, 'check-invoiced-milestones');
    assert.equal(exception!.status, 'open');
    assert.equal(platform.erp.store.list('Sales Invoice').length, 1);
  });

  it('reports the KPIs of these runs', async () => {
    const token = await accessToken(platform);
    const kpis = await json<{
      activation: { runs: number; medianSeconds: number };
      amendments: { runs: number; withinSla: number };
      billingExceptionsFromContractMismatch: { exceptions: number };
      runsWithoutManualWork: { finished: number; withoutManualWork: number; ratio: number };
    }>(await fetch(`${platform.gatewayUrl}/v1/metrics/kpis?days=7`, { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(kpis.activation.runs, 1);
    assert.ok(kpis.activation.medianSeconds >= 0);
    assert.equal(kpis.amendments.runs, 2);
    assert.equal(kpis.amendments.withinSla, 1);
    assert.equal(kpis.billingExceptionsFromContractMismatch.exceptions, 1);
    assert.equal(kpis.runsWithoutManualWork.finished, 4);
    assert.equal(kpis.runsWithoutManualWork.withoutManualWork, 3);
    assert.equal(kpis.runsWithoutManualWork.ratio, 0.75);
  });

  it('exposes the KPIs as Prometheus metrics', async () => {
    registerKpiMetrics([platform.tenant.region]);
    const text = await register.metrics();
    const series = `throughline_runs_without_manual_work_ratio{tenant="${platform.tenant.tenantId}",region="${platform.tenant.region}"} 0.75`;
    assert.ok(text.includes(series), `missing ${series} in ${text.split('\n').filter((line) => line.startsWith('throughline_')).join('\n')}`);
  });
});
