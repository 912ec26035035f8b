import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { regionDatabase } from '../../../services/core/database.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { gateway, tenantWithToken } from './helpers.ts';

// Workers write runs; here they are inserted directly so the read API can be checked alone.
async function insertRun(tenant: { id: string; region: string }, status: string, startedAt: string): Promise<string> {
  const runId = randomUUID();
  await withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) => {
    const database = regionDatabase(tenant.region);
    await database.query(
      `INSERT INTO workflow_runs (id, tenant_id, flow, flow_version, trigger_key, trigger_event_id, status, input, started_at)
       VALUES (:runId, :tenantId, 'contract-to-project', 1, :runId, :eventId, :status, '{}', :startedAt)`,
      { replacements: { runId, tenantId: tenant.id, eventId: randomUUID(), status, startedAt }, transaction },
    );
    const steps = [['validate', 'done', 1, null], ['enrich-from-crm', 'failed', 3, 'CRM timed out after 10 s']] as const;
    for (const [index, [name, stepStatus, attempts, lastError]] of steps.entries()) {
      await database.query(
        `INSERT INTO workflow_steps (id, tenant_id, run_id, position, name, status, attempts, last_error)
         VALUES (:id, :tenantId, :runId, :position, :name, :status, :attempts, :lastError)`,
        { replacements: { id: randomUUID(), tenantId: tenant.id, runId, position: 2 - index, name, status: stepStatus, attempts, lastError }, transaction },
      );
    }
  });
  return runId;
}

describe('/v1/runs', () => {
  it('reads a run with its steps in position order', async () => {
    const { tenant, token } = await tenantWithToken();
    const runId = await insertRun(tenant, 'failed', '2027-01-01T10:00:00Z');

    const response = await request(gateway()).get(`/v1/runs/${runId}`).set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(response.body.status, 'failed');
    assert.equal(response.body.input, undefined, 'run input stays private');
    assert.deepEqual(response.body.steps.map((step: { position: number; name: string }) => [step.position, step.name]), [[1, 'enrich-from-crm'], [2, 'validate']]);
    assert.equal(response.body.steps[0].attempts, 3);
    assert.equal(response.body.steps[0].lastError, 'CRM timed out after 10 s');
  });

  it('lists runs newest first with a status filter', async () => {
    const { tenant, token } = await tenantWithToken();
    const older = await insertRun(tenant, 'completed', '2027-01-01T10:00:00Z');
    const newer = await insertRun(tenant, 'completed', '2027-01-02T10:00:00Z');
    await insertRun(tenant, 'running', '2027-01-03T10:00:00Z');

    const first = await request(gateway()).get('/v1/runs').query({ status: 'completed', limit: '1' }).set('Authorization', `Bearer ${token}`).expect(200);
    assert.deepEqual(first.body.data.map((run: { id: string }) => run.id), [newer]);
    const second = await request(gateway()).get('/v1/runs').query({ status: 'completed', limit: '1', cursor: first.body.nextCursor }).set('Authorization', `Bearer ${token}`).expect(200);
    assert.deepEqual(second.body.data.map((run: { id: string }) => run.id), [older]);
    assert.equal(second.body.nextCursor, null);
  });
});
