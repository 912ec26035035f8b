import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createApiClient } from '../../support/factories.ts';
import { eventually, startPlatform, type RunningPlatform } from '../../support/platform.ts';

// Drives activations the way partners see them: contracts executed in the CLM simulator, runs and
// exceptions read through the gateway API, records counted in the ERP simulator.

export interface RunView {
  id: string;
  status: 'running' | 'completed' | 'failed';
  flowVersion: number;
  contractId: string | null;
  steps: { name: string; status: string; attempts: number; lastError: string | null }[];
}

export interface ApiAgent {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

const template = JSON.parse(readFileSync(new URL('../../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8')) as {
  title: string;
  attributes: Record<string, unknown>;
};

const ADMIN_SCOPES = ['runs:read', 'runs:write', 'exceptions:write', 'contracts:read', 'contracts:write', 'customers:read', 'customers:write'];

// An API client of the platform's tenant with the scopes an admin's program holds.
export async function adminAgent(platform: RunningPlatform, tenantId = platform.tenant.tenantId): Promise<ApiAgent> {
  const { clientId, secret } = await createApiClient(tenantId, ADMIN_SCOPES);
  const tokenResponse = await fetch(`${platform.gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: ADMIN_SCOPES.join(' ') }),
  });
  assert.equal(tokenResponse.status, 200, `token request failed: ${await tokenResponse.clone().text()}`);
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}` };

  return {
    async get<T>(path: string) {
      const response = await fetch(`${platform.gatewayUrl}${path}`, { headers });
      const text = await response.text();
      assert.equal(response.status, 200, `GET ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    async post<T>(path: string, body?: unknown) {
      const response = await fetch(`${platform.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

export async function startChaosPlatform(options: { startWorkers?: boolean } = {}): Promise<{ platform: RunningPlatform; api: ApiAgent }> {
  const platform = await startPlatform(options);
  return { platform, api: await adminAgent(platform) };
}

// Creates a CLM workflow from the example contract and executes it, which sends the signed
// webhook to the gateway. Returns the workflow id and the webhook's event id.
export async function executeContract(platform: RunningPlatform, label: string): Promise<{ workflowId: string; eventId: string; accepted: boolean }> {
  const created = await fetch(`${platform.clm.url}/_sim/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...template, title: `${template.title} (${label})` }),
  });
  assert.equal(created.status, 201);
  const { id: workflowId } = (await created.json()) as { id: string };
  const executed = await fetch(`${platform.clm.url}/_sim/workflows/${workflowId}/execute`, { method: 'POST' });
  const { deliveries } = (await executed.json()) as { deliveries: { eventId: string; delivered: boolean }[] };
  return { workflowId, eventId: deliveries[0]!.eventId, accepted: deliveries[0]!.delivered };
}

export async function listRuns(api: ApiAgent): Promise<RunView[]> {
  return (await api.get<{ data: RunView[] }>('/v1/runs?limit=100')).data;
}

export async function getRun(api: ApiAgent, runId: string): Promise<RunView> {
  return api.get<RunView>(`/v1/runs/${runId}`);
}

// Waits until the tenant has `count` runs and none of them is still running.
export async function waitForFinishedRuns(api: ApiAgent, count: number, timeoutMs: number): Promise<RunView[]> {
  return eventually(async () => {
    const runs = await listRuns(api);
    return runs.length >= count && runs.every((run) => run.status !== 'running') ? runs : undefined;
  }, `${count} finished runs`, timeoutMs);
}

// ERP projects by the contract id each carries, so a duplicate shows as a count above one.
export function projectsByContract(platform: RunningPlatform): Map<string, Record<string, unknown>[]> {
  const byContract = new Map<string, Record<string, unknown>[]>();
  for (const project of platform.erp.store.list('Project') as unknown as Record<string, unknown>[]) {
    const contractId = String(project.throughline_contract_id);
    byContract.set(contractId, [...(byContract.get(contractId) ?? []), project]);
  }
  return byContract;
}

export function stepOf(run: RunView, name: string): RunView['steps'][number] {
  const step = run.steps.find((candidate) => candidate.name === name);
  assert.ok(step, `run ${run.id} has no step ${name}: ${run.steps.map((candidate) => candidate.name).join(', ')}`);
  return step;
}
