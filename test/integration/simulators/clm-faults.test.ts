import assert from 'node:assert/strict';
import { IroncladClient } from '../../../services/connectors/clm/ironclad.ts';
import { PermanentConnectorError, TransientConnectorError } from '../../../services/connectors/errors.ts';
import { startClmSimulator, type ClmSimulator } from '../../../services/simulators/clm/server.ts';

describe('CLM simulator fault injection', () => {
  let clm: ClmSimulator;
  let client: IroncladClient;
  let workflowId: string;

  before(async () => {
    clm = await startClmSimulator({ port: 0, apiToken: 'clm-fault-token' });
    client = new IroncladClient({ baseUrl: clm.url, apiToken: 'clm-fault-token', timeoutMs: 200 });
    const created = await fetch(`${clm.url}/_sim/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Faulty', attributes: { a: 1 } }) });
    workflowId = ((await created.json()) as { id: string }).id;
  });

  after(async () => {
    await clm.close();
  });

  afterEach(async () => {
    await fetch(`${clm.url}/_sim/faults`, { method: 'DELETE' });
  });

  async function addFault(rule: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${clm.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [rule] }) });
    assert.equal(response.status, 201);
  }

  it('responds 429 with Retry-After, then recovers', async () => {
    await addFault({ method: 'GET', resource: 'workflows', status: 429, retryAfterSeconds: 3, times: 1 });
    await assert.rejects(client.getWorkflow(workflowId), (error: Error) => error instanceof TransientConnectorError && error.retryAfterSeconds === 3);
    assert.equal((await client.getWorkflow(workflowId)).id, workflowId);
  });

  it('adds latency', async () => {
    await addFault({ method: 'GET', resource: 'workflows', delayMs: 120, times: 1 });
    const started = Date.now();
    await client.getWorkflow(workflowId);
    assert.ok(Date.now() - started >= 110);
  });

  it('holds a request until the client times out', async () => {
    await addFault({ method: 'GET', resource: 'workflows', hang: true, times: 1 });
    await assert.rejects(client.getWorkflow(workflowId), /timed out after 200 ms/);
  });

  it('renames a response field', async () => {
    await addFault({ method: 'GET', resource: 'workflows', renameField: { from: 'attributes', to: 'fields' }, times: 1 });
    await assert.rejects(client.getWorkflow(workflowId), (error: Error) => error instanceof PermanentConnectorError && /lacks id or attributes/.test(error.message));
  });

  it('rejects an invalid fault rule naming the field', async () => {
    const response = await fetch(`${clm.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ resource: 'workflows', status: 200, times: 1 }] }) });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /rules\[0\]\.status must be an HTTP error status/);
  });
});
