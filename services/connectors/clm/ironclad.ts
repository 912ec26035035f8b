import { PROBE_ID, type ConnectionCheck } from '../connection-check.ts';
import { ConnectorError, PermanentConnectorError } from '../errors.ts';
import { joinUrl, requestJson, type HttpMethod } from '../http.ts';

// Driver for Ironclad's public REST API (v1): read a workflow and write attributes back to it.

const SYSTEM = 'ironclad';
const API_PREFIX = '/public/api/v1';

export interface IroncladClientOptions {
  // The Ironclad host without the API path, such as https://na1.ironcladapp.com.
  baseUrl: string;
  apiToken: string;
  timeoutMs?: number;
  // Awaited before each call that may change the system; see ConnectorRequest.beforeChange.
  beforeChange?: () => Promise<void>;
}

export interface IroncladWorkflow {
  id: string;
  title: string;
  template: string;
  status: string;
  step: string;
  created: string;
  lastUpdated: string;
  attributes: Record<string, unknown>;
}

export class IroncladClient implements ConnectionCheck {
  constructor(private readonly options: IroncladClientOptions) {}

  // Ironclad responds 404 to an unknown workflow with a valid token, and 401 or 403 otherwise.
  async checkConnection(): Promise<string> {
    try {
      await this.getWorkflow(PROBE_ID);
    } catch (error) {
      if (!(error instanceof ConnectorError && error.status === 404)) throw error;
    }
    return 'Ironclad accepted the API token.';
  }

  async getWorkflow(id: string): Promise<IroncladWorkflow> {
    const body = await this.call('getWorkflow', 'GET', `/workflows/${encodeURIComponent(id)}`);
    return asWorkflow(body, 'getWorkflow');
  }

  // Sets each attribute in `updates` to its value; a null value removes the attribute. Sends
  // Ironclad's list form [{action, path, value}], as described at
  // https://developer.ironcladapp.com/reference/update-workflow-metadata. Setting the same values
  // again is harmless, so a retry after a timeout is safe.
  async updateAttributes(id: string, updates: Record<string, unknown>, comment?: string): Promise<IroncladWorkflow> {
    const changes = Object.entries(updates).map(([path, value]) => (value === null ? { action: 'remove', path } : { action: 'set', path, value }));
    const body = await this.call('updateAttributes', 'PATCH', `/workflows/${encodeURIComponent(id)}/attributes`, {
      updates: changes,
      ...(comment === undefined ? {} : { comment }),
    });
    return asWorkflow(body, 'updateAttributes');
  }

  private async call(operation: string, method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const response = await requestJson({
      system: SYSTEM,
      operation,
      method,
      url: joinUrl(this.options.baseUrl, `${API_PREFIX}${path}`),
      headers: { authorization: `Bearer ${this.options.apiToken}` },
      body,
      timeoutMs: this.options.timeoutMs,
      beforeChange: this.options.beforeChange,
      describeError: ironcladErrorMessage,
    });
    return response.body;
  }
}

// Ironclad error bodies carry a code and a message.
function ironcladErrorMessage(body: unknown): string | undefined {
  const error = body as { code?: unknown; message?: unknown } | undefined;
  if (typeof error?.message !== 'string') return undefined;
  return typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
}

function asWorkflow(body: unknown, operation: string): IroncladWorkflow {
  const workflow = body as Partial<IroncladWorkflow> | undefined;
  const valid =
    typeof workflow?.id === 'string' &&
    typeof workflow.attributes === 'object' &&
    workflow.attributes !== null &&
    !Array.isArray(workflow.attributes);
  if (!valid) {
    throw new PermanentConnectorError(`${SYSTEM} ${operation} returned a body that is not a workflow (it lacks id or attributes). Check the connector's base URL.`, {
      system: SYSTEM,
      operation,
    });
  }
  return workflow as IroncladWorkflow;
}
