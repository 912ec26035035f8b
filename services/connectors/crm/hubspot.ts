import { authHeaders, type ConnectorAuth } from '../auth.ts';
import { PROBE_ID, type ConnectionCheck } from '../connection-check.ts';
import { PermanentConnectorError } from '../errors.ts';
import { joinUrl, requestJson, type HttpMethod } from '../http.ts';

// Driver for HubSpot's CRM v3 objects API, companies only: search by domain or name, and read
// one company's properties. https://developers.hubspot.com/docs/api-reference/crm-companies-v3

const SYSTEM = 'hubspot';

// The company properties the platform reads. vat_number is not a HubSpot default property; firms
// that keep the VAT number in HubSpot add it as a custom company property under this name.
export const COMPANY_PROPERTIES = ['name', 'domain', 'country', 'city', 'industry', 'vat_number', 'numberofemployees', 'hs_object_id'];

export interface HubSpotCompany {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface HubSpotClientOptions {
  // https://api.hubapi.com for HubSpot itself.
  baseUrl: string;
  auth: ConnectorAuth;
  connectorId: string;
  timeoutMs?: number;
}

export class HubSpotClient implements ConnectionCheck {
  constructor(private readonly options: HubSpotClientOptions) {}

  async checkConnection(): Promise<string> {
    await this.searchCompanies('name', PROBE_ID, 1);
    return 'HubSpot accepted the access token.';
  }

  // Returns companies whose property equals the value (HubSpot compares text without case),
  // oldest first, at most `limit` of them.
  async searchCompanies(propertyName: 'domain' | 'name', value: string, limit = 10): Promise<HubSpotCompany[]> {
    const body = await this.call('searchCompanies', 'POST', '/crm/v3/objects/companies/search', {
      filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }],
      properties: COMPANY_PROPERTIES,
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      limit,
    });
    const results = (body as { results?: unknown } | undefined)?.results;
    if (!Array.isArray(results)) throw shapeError('searchCompanies', 'results is not a list');
    return results.map((result) => asCompany(result, 'searchCompanies'));
  }

  async getCompany(id: string): Promise<HubSpotCompany> {
    const query = new URLSearchParams({ properties: COMPANY_PROPERTIES.join(',') });
    return asCompany(await this.call('getCompany', 'GET', `/crm/v3/objects/companies/${encodeURIComponent(id)}?${query.toString()}`), 'getCompany');
  }

  private async call(operation: string, method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const response = await requestJson({
      system: SYSTEM,
      operation,
      method,
      url: joinUrl(this.options.baseUrl, path),
      headers: await authHeaders(this.options.auth, this.options.connectorId),
      body,
      timeoutMs: this.options.timeoutMs,
      describeError: hubSpotErrorMessage,
    });
    return response.body;
  }
}

// HubSpot error bodies carry a category and a message.
function hubSpotErrorMessage(body: unknown): string | undefined {
  const error = body as { category?: unknown; message?: unknown } | undefined;
  if (typeof error?.message !== 'string') return undefined;
  return typeof error.category === 'string' ? `${error.category}: ${error.message}` : error.message;
}

function asCompany(value: unknown, operation: string): HubSpotCompany {
  const company = value as Partial<HubSpotCompany> | undefined;
  if (typeof company?.id !== 'string') throw shapeError(operation, 'a company has no id');
  if (!company.properties || typeof company.properties !== 'object') throw shapeError(operation, `company ${company.id} has no properties object`);
  return company as HubSpotCompany;
}

function shapeError(operation: string, problem: string): PermanentConnectorError {
  return new PermanentConnectorError(`${SYSTEM} ${operation} returned an unexpected response: ${problem}. Check the connector's base URL.`, { system: SYSTEM, operation });
}
