import assert from 'node:assert/strict';
import { accessToken, eventually, startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, json } from './flow-helpers.ts';

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
