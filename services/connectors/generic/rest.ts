import { compileMapping } from '../../core/connector-mappings.ts';
import { authHeaders, type ConnectorAuth } from '../auth.ts';
import type { ConnectionCheck } from '../connection-check.ts';
import { PermanentConnectorError } from '../errors.ts';
import { joinUrl, requestJson, type HttpMethod } from '../http.ts';

// The generic REST driver, for systems without a driver of their own. An admin describes each
// operation in the portal (method, path and query templates with {placeholders}, and an optional
// JSONata response mapping, stored as rest-settings.ts describes). The driver fills the
// placeholders, authenticates with the connector's auth and makes the call through the egress
// guard like every driver.

export interface RestOperation {
  method: HttpMethod;
  // Relative to the connector's base URL, such as "/v2/accounts/{accountId}/projects".
  path: string;
  // Query parameters whose values are templates too, such as {"email": "{email}"}.
  query?: Record<string, string>;
  sendsBody?: boolean;
  // A JSONata expression that turns the parsed response body into the value invoke returns.
  responseMapping?: string;
}

export interface GenericRestOptions {
  baseUrl: string;
  auth: ConnectorAuth;
  connectorId: string;
  // Named after the connector, so errors name the system that failed.
  system: string;
  operations: Record<string, RestOperation>;
  // The operation the connection test calls: a read without placeholders and without side
  // effects, such as "GET /v2/me".
  checkOperation?: string;
  timeoutMs?: number;
}

// The name inside a {placeholder}, shared with the settings schema so both accept the same templates.
export const PLACEHOLDER_NAME_PATTERN = '[A-Za-z_][A-Za-z0-9_]*';
const PLACEHOLDER = new RegExp(`\\{(${PLACEHOLDER_NAME_PATTERN})\\}`, 'g');

// Fills {name} placeholders; every placeholder must have a value, and values are URL-encoded.
export function fillTemplate(template: string, values: Record<string, string | number>, where: string, encode = encodeURIComponent): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      throw new PermanentConnectorError(`${where} needs a value for {${name}}, and none was given. Pass it, or change the operation's template.`, { system: where, operation: 'fillTemplate' });
    }
    return encode(String(value));
  });
}

export class GenericRestClient implements ConnectionCheck {
  constructor(private readonly options: GenericRestOptions) {}

  // A generic system has no read known to be harmless, so the admin names one.
  async checkConnection(): Promise<string> {
    const { system, checkOperation } = this.options;
    if (!checkOperation) {
      throw new PermanentConnectorError(`${system} has no connection test operation configured. Name a read without side effects as checkOperation in the connector settings.`, { system, operation: 'checkConnection' });
    }
    if (this.options.operations[checkOperation]?.method !== 'GET') {
      throw new PermanentConnectorError(`${system} connection test operation "${checkOperation}" is not a configured GET operation. Name a GET operation, because a test must change nothing.`, { system, operation: 'checkConnection' });
    }
    await this.invoke(checkOperation);
    return `${system} accepted the credentials on ${checkOperation}.`;
  }

  // Calls the named operation and returns the parsed JSON body (undefined for an empty body), or
  // the result of the operation's response mapping applied to that body.
  async invoke(name: string, values: Record<string, string | number> = {}, body?: unknown): Promise<unknown> {
    const operation = this.options.operations[name];
    if (!operation) {
      const known = Object.keys(this.options.operations).join(', ') || 'none';
      throw new PermanentConnectorError(`${this.options.system} has no operation "${name}" configured (configured: ${known}). Add it in the connector settings.`, { system: this.options.system, operation: name });
    }
    if (operation.sendsBody && body === undefined) {
      throw new PermanentConnectorError(`${this.options.system} ${name} sends a body, and none was given.`, { system: this.options.system, operation: name });
    }

    const where = `${this.options.system} ${name}`;
    const url = joinUrl(this.options.baseUrl, fillTemplate(operation.path, values, where));
    for (const [key, template] of Object.entries(operation.query ?? {})) url.searchParams.set(key, fillTemplate(template, values, where, String));
    const response = await requestJson({
      system: this.options.system,
      operation: name,
      method: operation.method,
      url,
      headers: await authHeaders(this.options.auth, this.options.connectorId),
      body: operation.sendsBody ? body : undefined,
      timeoutMs: this.options.timeoutMs,
      describeError: describeGenericError,
    });
    return operation.responseMapping ? this.mapResponse(name, operation.responseMapping, response.body) : response.body;
  }

  // JSONata reports a failed evaluation as an object with a message and a code, not as an Error.
  private async mapResponse(name: string, expression: string, body: unknown): Promise<unknown> {
    const { system } = this.options;
    let mapped: unknown;
    try {
      mapped = await compileMapping(expression).evaluate(body);
    } catch (error) {
      const failure = error as { message?: unknown; code?: unknown };
      const reason = (typeof failure.message === 'string' ? failure.message : String(error)).replace(/\.$/, '');
      const code = typeof failure.code === 'string' ? ` (JSONata ${failure.code})` : '';
      throw new PermanentConnectorError(`${system} ${name} response mapping failed: ${reason}${code}. Correct the operation's responseMapping in the connector settings.`, { system, operation: name, cause: error });
    }
    // JSONata builds objects without a prototype and marks arrays as sequences, so the result
    // goes through JSON to return plain data like an unmapped body. A function result has no JSON
    // form and becomes undefined.
    const json = JSON.stringify(mapped) as string | undefined;
    return json === undefined ? undefined : JSON.parse(json) as unknown;
  }
}

// Most JSON APIs put a readable reason in message, error or detail (RFC 9457).
function describeGenericError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const found = [fields.message, fields.error_description, fields.detail, fields.error].find((value) => typeof value === 'string');
  return found as string | undefined;
}
