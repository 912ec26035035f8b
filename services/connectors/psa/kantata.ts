import { authHeaders, type ConnectorAuth } from '../auth.ts';
import { PROBE_ID, type ConnectionCheck } from '../connection-check.ts';
import { PermanentConnectorError } from '../errors.ts';
import { joinUrl, requestJson, type HttpMethod } from '../http.ts';
import type { KantataCollection, KantataResource, KantataStory, KantataWorkspace, NewKantataWorkspace } from './kantata-types.ts';

// Driver for a Kantata OX style PSA API (/api/v1): workspaces (projects), workspace resources
// (roles with bill rates) and stories (milestones). Kantata takes no idempotency key, so each
// create has a find by a value the platform owns, and steps find before they create.

const SYSTEM = 'kantata';

export interface KantataClientOptions {
  // The API host without /api/v1, such as https://api.mavenlink.com.
  baseUrl: string;
  auth: ConnectorAuth;
  connectorId: string;
  timeoutMs?: number;
  // Awaited before each call that may change the system; see ConnectorRequest.beforeChange.
  beforeChange?: () => Promise<void>;
}

export class KantataClient implements ConnectionCheck {
  constructor(private readonly options: KantataClientOptions) {}

  // With OAuth client credentials, the read first fetches a token, so both steps are checked.
  async checkConnection(): Promise<string> {
    await this.findWorkspaceByReference(PROBE_ID);
    return this.options.auth.kind === 'oauth-client-credentials' ? 'Kantata issued a token and accepted it.' : 'Kantata accepted the credentials.';
  }

  async findWorkspaceByReference(reference: string): Promise<KantataWorkspace | undefined> {
    const body = await this.call('findWorkspaceByReference', 'GET', `/workspaces?${new URLSearchParams({ external_reference: reference }).toString()}`);
    return rowsOf<KantataWorkspace>(body, 'workspaces', 'findWorkspaceByReference')[0];
  }

  // Call findWorkspaceByReference first: a blind retry after a timeout makes a second workspace.
  async createWorkspace(workspace: NewKantataWorkspace): Promise<KantataWorkspace> {
    return this.one<KantataWorkspace>('createWorkspace', 'POST', '/workspaces', 'workspaces', { workspace });
  }

  // Archives or restores a workspace; compensation archives. Repeating it is harmless.
  async setWorkspaceArchived(id: string, archived: boolean): Promise<KantataWorkspace> {
    return this.one<KantataWorkspace>('setWorkspaceArchived', 'PUT', `/workspaces/${encodeURIComponent(id)}`, 'workspaces', { workspace: { archived } });
  }

  async listResources(workspaceId: string): Promise<KantataResource[]> {
    const body = await this.call('listResources', 'GET', `/workspace_resources?${new URLSearchParams({ workspace_id: workspaceId }).toString()}`);
    return rowsOf<KantataResource>(body, 'workspace_resources', 'listResources');
  }

  async createResource(resource: Omit<KantataResource, 'id'>): Promise<KantataResource> {
    return this.one<KantataResource>('createResource', 'POST', '/workspace_resources', 'workspace_resources', { workspace_resource: resource });
  }

  async setResourceRate(id: string, billRateInCents: number): Promise<KantataResource> {
    return this.one<KantataResource>('setResourceRate', 'PUT', `/workspace_resources/${encodeURIComponent(id)}`, 'workspace_resources', { workspace_resource: { bill_rate_in_cents: billRateInCents } });
  }

  async listMilestones(workspaceId: string): Promise<KantataStory[]> {
    const body = await this.call('listMilestones', 'GET', `/stories?${new URLSearchParams({ workspace_id: workspaceId, story_type: 'milestone' }).toString()}`);
    return rowsOf<KantataStory>(body, 'stories', 'listMilestones');
  }

  async createMilestone(milestone: { workspace_id: string; title: string; due_date: string; budget_estimate_in_cents: number }): Promise<KantataStory> {
    return this.one<KantataStory>('createMilestone', 'POST', '/stories', 'stories', { story: { ...milestone, story_type: 'milestone' } });
  }

  async updateMilestone(id: string, changes: Partial<Pick<KantataStory, 'title' | 'due_date' | 'budget_estimate_in_cents'>>): Promise<KantataStory> {
    return this.one<KantataStory>('updateMilestone', 'PUT', `/stories/${encodeURIComponent(id)}`, 'stories', { story: changes });
  }

  async getStory(id: string): Promise<KantataStory> {
    return this.one<KantataStory>('getStory', 'GET', `/stories/${encodeURIComponent(id)}`, 'stories');
  }

  private async one<T>(operation: string, method: HttpMethod, path: string, key: KantataCollection, body?: unknown): Promise<T> {
    const [row] = rowsOf<T>(await this.call(operation, method, path, body), key, operation);
    if (!row) throw shapeError(operation, `no ${key} object in the response`);
    return row;
  }

  private async call(operation: string, method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const response = await requestJson({
      system: SYSTEM,
      operation,
      method,
      url: joinUrl(this.options.baseUrl, `/api/v1${path}`),
      headers: await authHeaders(this.options.auth, this.options.connectorId),
      body,
      timeoutMs: this.options.timeoutMs,
      beforeChange: this.options.beforeChange,
      describeError: kantataErrorMessage,
    });
    return response.body;
  }
}

// Kantata responses list ids in order under `results` and the objects by id under their key.
function rowsOf<T>(body: unknown, key: KantataCollection, operation: string): T[] {
  const response = body as { results?: { key: string; id: string }[] } & Record<string, unknown> | undefined;
  if (!Array.isArray(response?.results)) throw shapeError(operation, 'results is not a list');
  const index = (response[key] ?? {}) as Record<string, T>;
  return response.results.filter((entry) => entry.key === key).map((entry) => {
    const row = index[entry.id];
    if (!row) throw shapeError(operation, `${key} ${entry.id} is listed in results but missing under "${key}"`);
    return row;
  });
}

function kantataErrorMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: { message?: unknown }[] } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.map((error) => String(error.message)).join('; ') || undefined;
}

function shapeError(operation: string, problem: string): PermanentConnectorError {
  return new PermanentConnectorError(`${SYSTEM} ${operation} returned an unexpected response: ${problem}. Check the connector's base URL.`, { system: SYSTEM, operation });
}
