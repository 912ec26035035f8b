import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../services/core/database.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { eventually, type RunningPlatform } from '../../support/platform.ts';

// Helpers the flow suites share: drive the CLM simulator as a user would, and read runs and rows
// of the suite's own tenant.

export interface WorkflowTemplate {
  title: string;
  template?: string;
  attributes: Record<string, unknown>;
}

export function exampleWorkflow(): WorkflowTemplate {
  return JSON.parse(readFileSync(new URL('../../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8')) as WorkflowTemplate;
}

export async function json<T>(response: Response): Promise<T> {
  const body = await response.text();
  assert.ok(response.ok, `${response.url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

// Creates a workflow in the CLM simulator and executes it, which sends workflow_completed.
export async function executeWorkflow(platform: RunningPlatform, workflow: WorkflowTemplate): Promise<string> {
  const created = await json<{ id: string }>(await fetch(`${platform.clm.url}/_sim/workflows`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(workflow),
  }));
  const executed = await json<{ deliveries: { delivered: boolean }[] }>(await fetch(`${platform.clm.url}/_sim/workflows/${created.id}/execute`, { method: 'POST' }));
  assert.ok(executed.deliveries.every((delivery) => delivery.delivered), 'the CLM webhook was not delivered');
  return created.id;
}

export interface StoredRun {
  id: string;
  flow: string;
  status: string;
  contractId: string | null;
  error: string | null;
}

export async function tenantRows<Row extends object>(platform: RunningPlatform, sql: string, replacements: Record<string, unknown> = {}): Promise<Row[]> {
  const { tenant } = platform;
  return withTenant(tenant, (transaction) => regionDatabase(tenant.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction }));
}

// Waits until `count` runs of the flow have finished, and returns them oldest first.
export async function finishedRuns(platform: RunningPlatform, flow: string, count = 1, timeoutMs = 30_000): Promise<StoredRun[]> {
  return eventually(async () => {
    const runs = await tenantRows<StoredRun>(platform, `SELECT id, flow, status, contract_id AS "contractId", error FROM workflow_runs
      WHERE flow = :flow AND status <> 'running' ORDER BY started_at`, { flow });
    return runs.length >= count ? runs : undefined;
  }, `${count} finished ${flow} run(s)`, timeoutMs);
}
