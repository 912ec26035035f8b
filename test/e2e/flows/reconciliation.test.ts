import assert from 'node:assert/strict';
import { DEMO_CREDENTIALS } from '../../../deploy/local/demo-data.ts';
import { accessToken, eventually, startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, json, tenantRows } from './flow-helpers.ts';

interface ReconciliationView {
  status: string;
  contractsChecked: number;
  contractsMatched: number;
  gaps: { contractId: string; field: string; clmValue: string | null; erpValue: string | null }[];
}

// Reconciliation over the API, first with the ERP in step with the contract, then with a gap
// planted in the ERP's sales order the way a finance user editing it by hand would leave one.
describe('reconciliation, end to end', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let token: string;

  before(async () => {
    platform = await startPlatform();
    token = await accessToken(platform);
    await executeWorkflow(platform, exampleWorkflow());
    const [run] = await finishedRuns(platform, 'contract-activation');
    assert.equal(run!.status, 'completed', run!.error ?? '');
  });

  after(async () => {
    await platform?.close();
  });

  function requestReconciliation(body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${platform.gatewayUrl}/v1/reconciliations`, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function reconcile(body?: unknown): Promise<ReconciliationView> {
    const response = await requestReconciliation(body);
    assert.equal(response.status, 202, await response.clone().text());
    const { id } = await response.json() as { id: string };
    await platform.workers[0]!.drainOutbox();
    return eventually(async () => {
      const view = await json<ReconciliationView>(await fetch(`${platform.gatewayUrl}/v1/reconciliations/${id}`, { headers: { authorization: `Bearer ${token}` } }));
      return view.status === 'running' ? undefined : view;
    }, 'the reconciliation to finish');
  }

  async function contractsOf(...workflowIds: string[]): Promise<string[]> {
    const rows = await tenantRows<{ id: string; sourceRef: string }>(platform, 'SELECT id, source_ref AS "sourceRef" FROM contracts');
    return workflowIds.map((workflowId) => {
      const workflow = platform.clm.state.findWorkflow(workflowId);
      const row = rows.find((candidate) => candidate.sourceRef === workflow?.ironcladId || candidate.sourceRef === workflowId);
      assert.ok(row, `no contract was stored for workflow ${workflowId}`);
      return row.id;
    });
  }

  // Sets workflow attributes through the CLM's public API, which sends no webhook.
  async function updateWorkflow(workflowId: string, attributes: Record<string, unknown>): Promise<void> {
    await json(await fetch(`${platform.clm.url}/public/api/v1/workflows/${workflowId}/attributes`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${DEMO_CREDENTIALS.clmApiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ updates: attributes }),
    }));
  }

  it('finds no gap in a freshly activated contract', async () => {
    const view = await reconcile();
    assert.equal(view.status, 'completed');
    assert.equal(view.contractsChecked, 1);
    assert.equal(view.contractsMatched, 1);
    assert.deepEqual(view.gaps, []);
  });

  it('records a gap planted in the ERP', async () => {
    const [order] = platform.erp.store.list('Sales Order');
    const items = order!.items as { description: string; rate: number }[];
    items[1]!.rate = 1300;
    const schedule = order!.payment_schedule as { due_date: string }[];
    schedule[1]!.due_date = '2027-05-01';
    order!.net_total = 147000;
    platform.erp.store.put('Sales Order', order!);

    const view = await reconcile();
    assert.equal(view.contractsMatched, 0);
    const fields = view.gaps.map((gap) => gap.field).sort();
    assert.deepEqual(fields, ['lines[2].rate', 'milestones.Target operating model signed off.dueDate', 'totalValue']);
    const value = view.gaps.find((gap) => gap.field === 'totalValue')!;
    assert.equal(value.clmValue, '150000.00');
    assert.equal(value.erpValue, '147000.00');
  });

  it('records a missing sales order and checks the rest', async () => {
    const second = exampleWorkflow();
    second.title = 'Northwind Logistics: finance transformation SOW 2';
    await executeWorkflow(platform, second);
    const runs = await finishedRuns(platform, 'contract-activation', 2);
    assert.equal(runs[1]!.status, 'completed', runs[1]!.error ?? '');
    const [first] = platform.erp.store.list('Sales Order');
    platform.erp.store.delete('Sales Order', String(first!.name));

    const view = await reconcile();
    assert.equal(view.status, 'completed');
    assert.equal(view.contractsChecked, 2);
    assert.equal(view.contractsMatched, 1);
    assert.deepEqual(view.gaps, [{ contractId: runs[0]!.contractId, field: 'salesOrder', clmValue: first!.name, erpValue: null }]);
  });

  it('reports an order of another customer', async () => {
    const [order] = platform.erp.store.list('Sales Order');
    const lineage = { customer: order!.customer, project: order!.project };
    order!.customer = 'Contoso Ltd';
    order!.project = 'PROJ-9999';
    platform.erp.store.put('Sales Order', order!);

    const view = await reconcile();
    assert.equal(view.contractsMatched, 0);
    const customer = view.gaps.find((gap) => gap.field === 'salesOrder.customer');
    assert.deepEqual(customer && [customer.clmValue, customer.erpValue], [lineage.customer, 'Contoso Ltd']);
    const project = view.gaps.find((gap) => gap.field === 'salesOrder.project');
    assert.deepEqual(project && [project.clmValue, project.erpValue], [lineage.project, 'PROJ-9999']);
  });

  it('compares only the listed contracts', async () => {
    const runs = await finishedRuns(platform, 'contract-activation', 2);
    const listed = runs[1]!.contractId!;

    const view = await reconcile({ contractIds: [listed] });
    assert.equal(view.status, 'completed');
    assert.equal(view.contractsChecked, 1);
    assert.ok(view.gaps.length > 0, 'the listed contract has the planted customer gap');
    assert.ok(view.gaps.every((gap) => gap.contractId === listed), JSON.stringify(view.gaps));

    const empty = await reconcile({});
    assert.equal(empty.contractsChecked, 2);
  });

  // Two fresh contracts, so the gaps planted above in the older ones do not show. The CLM changes
  // the way a user editing the workflow would, with no webhook, so only reconciliation notices.
  it('reads the contract value live from the CLM', async () => {
    const unchangedId = await executeWorkflow(platform, exampleWorkflow());
    const changedId = await executeWorkflow(platform, exampleWorkflow());
    const runs = await finishedRuns(platform, 'contract-activation', 4);
    assert.ok(runs.every((run) => run.status === 'completed'), JSON.stringify(runs));
    const [unchanged, changed] = await contractsOf(unchangedId, changedId);

    const original = exampleWorkflow().attributes;
    const lineItems = structuredClone(original.lineItems) as { unitPrice: string; amount: string }[];
    lineItems[0]!.unitPrice = '118000.00';
    lineItems[0]!.amount = '118000.00';
    await updateWorkflow(changedId, { contractValue: { amount: '160000.00', currency: 'EUR' }, lineItems });

    const view = await reconcile({ contractIds: [unchanged, changed] });
    assert.equal(view.status, 'completed');
    assert.equal(view.contractsChecked, 2);
    assert.equal(view.contractsMatched, 1);
    assert.ok(view.gaps.every((gap) => gap.contractId === changed), JSON.stringify(view.gaps));
    const value = view.gaps.find((gap) => gap.field === 'totalValue');
    assert.deepEqual(value && [value.clmValue, value.erpValue], ['160000.00', '150000.00']);
    const line = view.gaps.find((gap) => gap.field === 'lines[1].rate');
    assert.deepEqual(line && [line.clmValue, line.erpValue], ['1 x 118000.00', '1 x 108000.00']);
    assert.equal(view.gaps.length, 2, JSON.stringify(view.gaps));
  });

  it('records a workflow missing in the CLM', async () => {
    const workflowId = await executeWorkflow(platform, exampleWorkflow());
    const runs = await finishedRuns(platform, 'contract-activation', 5);
    assert.equal(runs[4]!.status, 'completed', runs[4]!.error ?? '');
    const [contractId] = await contractsOf(workflowId);
    const workflow = platform.clm.state.findWorkflow(workflowId);
    assert.ok(workflow, `workflow ${workflowId} is in the CLM simulator`);
    platform.clm.state.workflows.delete(workflow.id);
    const [{ sourceRef }] = await tenantRows<{ sourceRef: string }>(platform, 'SELECT source_ref AS "sourceRef" FROM contracts WHERE id = :contractId', { contractId }) as [{ sourceRef: string }];

    const view = await reconcile({ contractIds: [contractId] });
    assert.equal(view.status, 'completed');
    assert.equal(view.contractsMatched, 0);
    assert.deepEqual(view.gaps, [{ contractId, field: 'clm.workflow', clmValue: `workflow ${sourceRef} missing in CLM`, erpValue: null }]);
  });

  it('records a workflow that no longer maps', async () => {
    const workflowId = await executeWorkflow(platform, exampleWorkflow());
    const runs = await finishedRuns(platform, 'contract-activation', 6);
    assert.equal(runs[5]!.status, 'completed', runs[5]!.error ?? '');
    const [contractId] = await contractsOf(workflowId);
    // A value the line items no longer add up to is invalid, so the stored terms are compared.
    await updateWorkflow(workflowId, { contractValue: { amount: '160000.00', currency: 'EUR' } });

    const view = await reconcile({ contractIds: [contractId] });
    assert.equal(view.contractsMatched, 0);
    assert.equal(view.gaps.length, 1, JSON.stringify(view.gaps));
    assert.equal(view.gaps[0]!.field, 'clm.workflow');
    assert.match(view.gaps[0]!.clmValue ?? '', /^invalid: contractValue\.amount \(160000\.00\) does not equal the sum of lineItems amounts/);
  });

  it('checks an amended contract against the CLM', async () => {
    const workflowId = await executeWorkflow(platform, exampleWorkflow());
    const runs = await finishedRuns(platform, 'contract-activation', 7);
    assert.equal(runs[6]!.status, 'completed', runs[6]!.error ?? '');
    const [contractId] = await contractsOf(workflowId);
    const original = exampleWorkflow().attributes;
    const originalLines = original.lineItems as { unitPrice: string; amount: string }[];
    await executeWorkflow(platform, {
      title: 'Northwind Logistics: amendment 1 (rate card)',
      template: 'contract-amendment',
      attributes: {
        amendedWorkflowId: workflowId,
        contractValue: { amount: '153000.00', currency: 'EUR' },
        rateCard: [{ role: 'partner', unit: 'day', rate: '2400.00' }, { role: 'senior-consultant', unit: 'day', rate: '1500.00' }],
        lineItems: [
          originalLines[0],
          { description: 'Senior consultant days for data migration', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '30', unitPrice: '1500.00', amount: '45000.00' },
        ],
      },
    });
    const [amendment] = await finishedRuns(platform, 'amendment-billing');
    assert.equal(amendment!.status, 'completed', amendment!.error ?? '');

    // The ERP bills the amended terms, and the original workflow still has the signed value.
    const amended = await reconcile({ contractIds: [contractId] });
    assert.equal(amended.contractsMatched, 1, JSON.stringify(amended.gaps));

    const lineItems = structuredClone(originalLines);
    lineItems[0]!.unitPrice = '118000.00';
    lineItems[0]!.amount = '118000.00';
    await updateWorkflow(workflowId, { contractValue: { amount: '160000.00', currency: 'EUR' }, lineItems });

    const changed = await reconcile({ contractIds: [contractId] });
    assert.equal(changed.contractsMatched, 0);
    assert.deepEqual(changed.gaps, [{ contractId, field: 'clm.totalValue', clmValue: '160000.00', erpValue: '150000.00' }]);
  });

  it('rejects an invalid request body', async () => {
    const cases: [string, unknown, string][] = [
      ['unknown field', { bogus: 1 }, 'bogus'],
      ['id not a uuid', { contractIds: ['not-a-uuid'] }, 'contractIds'],
      ['empty list', { contractIds: [] }, 'contractIds'],
      ['unknown contract', { contractIds: [crypto.randomUUID()] }, 'contractIds[0]'],
    ];
    for (const [label, body, field] of cases) {
      const response = await requestReconciliation(body);
      const text = await response.text();
      assert.equal(response.status, 400, `${label}: ${text}`);
      assert.ok(text.includes(field), `${label}: ${text}`);
    }
  });
});
