import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { accessToken, eventually, startPlatform, type RunningPlatform } from '../support/platform.ts';

interface RunView {
  id: string;
  status: string;
  contractId: string | null;
  steps: { name: string; status: string; attempts: number }[];
}

const workflowTemplate = JSON.parse(readFileSync(new URL('../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8')) as {
  title: string;
  attributes: Record<string, unknown>;
};

async function json<T>(response: Response): Promise<T> {
  const body = await response.text();
  assert.ok(response.ok, `${response.url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

describe('contract-to-project activation, end to end', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let token: string;
  let workflowId: string;
  let eventId: string;
  let run: RunView;

  before(async () => {
    platform = await startPlatform();
    token = await accessToken(platform);
    platform.crm.state.create({ name: 'Northwind Logistics SARL', domain: 'northwind.example', country: 'France' });
  });

  after(async () => {
    await platform?.close();
  });

  async function runs(): Promise<RunView[]> {
    const page = await json<{ data: RunView[] }>(await fetch(`${platform.gatewayUrl}/v1/runs`, { headers: { authorization: `Bearer ${token}` } }));
    return page.data;
  }

  async function erpRecords(doctype: string): Promise<Record<string, unknown>[]> {
    return platform.erp.store.list(doctype) as unknown as Record<string, unknown>[];
  }

  it('turns an executed CLM contract into a completed run', async () => {
    const created = await json<{ id: string }>(await fetch(`${platform.clm.url}/_sim/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(workflowTemplate),
    }));
    workflowId = created.id;

    const executed = await json<{ deliveries: { eventId: string; delivered: boolean }[] }>(
      await fetch(`${platform.clm.url}/_sim/workflows/${workflowId}/execute`, { method: 'POST' }));
    assert.equal(executed.deliveries.length, 1);
    assert.equal(executed.deliveries[0]!.delivered, true);
    eventId = executed.deliveries[0]!.eventId;

    const finished = await eventually(async () => (await runs()).find((candidate) => candidate.status !== 'running'), 'the activation run to finish');
    run = await json<RunView>(await fetch(`${platform.gatewayUrl}/v1/runs/${finished.id}`, { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(run.status, 'completed', `run ended ${run.status}: ${JSON.stringify(run.steps)}`);
    assert.deepEqual(run.steps.map((step) => step.status), run.steps.map(() => 'done'));
    assert.deepEqual(run.steps.map((step) => step.name), [
      'load-contract', 'validate', 'enrich-from-crm', 'choose-legal-entity', 'determine-tax',
      'upsert-erp-customer', 'create-erp-project', 'create-billing-schedule', 'provision-psa-project', 'write-clm-status',
    ]);
  });

  it('leaves one customer, project and billing schedule in the ERP', async () => {
    const customers = await erpRecords('Customer');
    const projects = await erpRecords('Project');
    const orders = await erpRecords('Sales Order');
    assert.equal(customers.length, 1);
    assert.equal(customers[0]!.customer_name, 'Northwind Logistics SARL');
    assert.equal(projects.length, 1);
    assert.equal(projects[0]!.throughline_contract_id, run.contractId);
    assert.equal(orders.length, 1);
    assert.equal(orders[0]!.project, projects[0]!.name);
    assert.equal(orders[0]!.po_no, run.contractId);
  });

  it('bills the milestones and the time-and-materials line with tax', async () => {
    const [order] = await erpRecords('Sales Order');
    const schedule = order!.payment_schedule as { due_date: string; payment_amount: unknown }[];
    assert.deepEqual(schedule.map((line) => line.due_date), ['2027-02-15', '2027-04-15', '2027-06-15', '2027-01-04']);
    // A French customer is billed by the French entity: domestic VAT at 20 %, so each instalment
    // is its net amount plus a fifth.
    assert.deepEqual(schedule.map((line) => Number(line.payment_amount)), [43200, 43200, 43200, 50400]);
    const taxes = order!.taxes as { rate: unknown; tax_amount: unknown }[];
    assert.equal(taxes.length, 1);
    assert.equal(Number(taxes[0]!.rate), 20);
    assert.equal(Number(taxes[0]!.tax_amount), 30000);
    assert.equal(Number(order!.grand_total), 180000);
  });

  it('creates its own records without looking them up first', () => {
    const { counts } = platform.erp.requests.snapshot();

    assert.equal(counts['GET Project'] ?? 0, 0, 'a first attempt has no project to find');
    assert.equal(counts['GET Sales Order'] ?? 0, 0, 'a first attempt has no sales order to find');
    assert.equal(counts['POST Project'], 1);
    assert.ok((counts['GET Customer'] ?? 0) >= 1, 'the customer may exist from another contract, so it is looked up');
  });

  it('stores the billing schedule with each tax decision', async () => {
    const lines = await withTenant(platform.tenant, (transaction) => regionDatabase(platform.tenant.region).query<Record<string, unknown>>(
      `SELECT line.due_date AS "dueDate", line.net_amount AS "netAmount", line.tax_treatment AS "taxTreatment", line.tax_rate AS "taxRate",
         line.tax_amount AS "taxAmount", line.tax_country AS "taxCountry", line.invoice_notes AS "invoiceNotes", line.decided_by AS "decidedBy"
       FROM billing_schedule_lines line JOIN billing_schedules schedule ON schedule.id = line.billing_schedule_id
       WHERE schedule.contract_id = :contractId AND schedule.status = 'current' ORDER BY line.due_date`,
      { replacements: { contractId: run.contractId }, type: QueryTypes.SELECT, transaction }));

    assert.deepEqual(lines.map((line) => [line.dueDate, line.netAmount, line.taxRate, line.taxAmount, line.taxCountry]), [
      ['2027-01-04', '42000.00', '0.2000', '8400.00', 'FR'],
      ['2027-02-15', '36000.00', '0.2000', '7200.00', 'FR'],
      ['2027-04-15', '36000.00', '0.2000', '7200.00', 'FR'],
      ['2027-06-15', '36000.00', '0.2000', '7200.00', 'FR'],
    ]);
    assert.ok(lines.every((line) => Array.isArray(line.invoiceNotes)), 'invoice notes are a text array');
    assert.ok(lines.every((line) => typeof (line.decidedBy as { pack?: unknown }).pack === 'string'), 'each line names the rule pack that decided it');
  });

  it('writes the activation back to the CLM workflow', async () => {
    const workflow = platform.clm.state.findWorkflow(workflowId);
    assert.equal(workflow?.attributes.throughlineStatus, 'activated');
    assert.equal(workflow?.attributes.throughlineContractId, run.contractId);
    assert.ok(workflow?.attributes.erpProjectId);
  });

  it('provisions the PSA workspace with roles and milestones', async () => {
    const workspaces = [...platform.psa.state.workspaces.values()];
    assert.equal(workspaces.length, 1);
    assert.equal(workspaces[0]!.external_reference, run.contractId);
    const roles = [...platform.psa.state.resources.values()].map((role) => [role.role_name, role.bill_rate_in_cents, role.rate_unit]);
    assert.deepEqual(roles.sort(), [['partner', 240000, 'day'], ['senior-consultant', 140000, 'day']]);
    const milestones = [...platform.psa.state.stories.values()].filter((story) => story.story_type === 'milestone');
    assert.deepEqual(milestones.map((story) => story.title), ['Current-state assessment accepted', 'Target operating model signed off', 'Roll-out plan delivered']);
    const workflow = platform.clm.state.findWorkflow(workflowId);
    assert.equal(workflow?.attributes.psaWorkspaceId, workspaces[0]!.id);
  });

  it('lists the lineage in every system', async () => {
    const lineage = await json<{ objects: { objectType: string; system: string; runId: string; stepName: string; externalId: string }[] }>(
      await fetch(`${platform.gatewayUrl}/v1/contracts/${run.contractId}/lineage`, { headers: { authorization: `Bearer ${token}` } }));
    const made = lineage.objects.map((object) => `${object.system}:${object.objectType}:${object.stepName}`).sort();
    assert.deepEqual(made, [
      'clm:contract:load-contract',
      'crm:customer:enrich-from-crm',
      'erp:billing-schedule:create-billing-schedule',
      'erp:customer:upsert-erp-customer',
      'erp:project:create-erp-project',
      'psa:milestone:provision-psa-project',
      'psa:milestone:provision-psa-project',
      'psa:milestone:provision-psa-project',
      'psa:project:provision-psa-project',
    ]);
    for (const object of lineage.objects) assert.equal(object.runId, run.id);
  });

  it('makes no second project when the webhook is replayed', async () => {
    const replay = await fetch(`${platform.clm.url}/_sim/webhooks/${eventId}/redeliver`, { method: 'POST' });
    assert.equal(replay.status, 200);
    await platform.workers[0]!.drainOutbox();
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    assert.equal((await runs()).length, 1);
    assert.equal((await erpRecords('Project')).length, 1);
    assert.equal((await erpRecords('Sales Order')).length, 1);
    assert.equal(platform.psa.state.workspaces.size, 1);
  });

  it('makes the ERP customer again when the ERP lost it', async () => {
    // An ERP restored from an older backup no longer has the customer the lineage names.
    assert.equal((await fetch(`${platform.erp.url}/_sim/reset`, { method: 'POST' })).status, 204);
    const second = await json<{ id: string }>(await fetch(`${platform.clm.url}/_sim/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...workflowTemplate, title: `${workflowTemplate.title} (second)` }),
    }));
    await json(await fetch(`${platform.clm.url}/_sim/workflows/${second.id}/execute`, { method: 'POST' }));

    const finished = await eventually(async () => (await runs()).find((candidate) => candidate.id !== run.id && candidate.status !== 'running'), 'the second run to finish');
    assert.equal(finished.status, 'completed', `second run ended ${finished.status}`);
    const customers = await erpRecords('Customer');
    assert.equal(customers.length, 1);
    assert.equal(customers[0]!.customer_name, 'Northwind Logistics SARL');
    assert.equal((await erpRecords('Project')).length, 1);
  });

  it('clears an earlier failure from the CLM workflow on success', () => {
    const workflow = platform.clm.state.findWorkflow(workflowId);
    assert.equal(workflow?.attributes.throughlineError, undefined);
    assert.equal(workflow?.attributes.throughlineFailedStep, undefined);
  });
});
