import { PermanentConnectorError, TransientConnectorError, type ConnectorErrorDetails } from './errors.ts';

// The one outbound HTTP call every driver makes. It bounds time and response size, parses JSON and
// turns every failure into a TransientConnectorError or a PermanentConnectorError.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ConnectorRequest {
  system: string;
  operation: string;
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  // Sent as JSON when present.
  body?: unknown;
  timeoutMs?: number;
  maxResponseBytes?: number;
  // Pulls the outside system's own error message out of an error response body, so the raised
  // error can show it. Drivers pass one because each system shapes its errors differently.
  describeError?: (body: unknown) => string | undefined;
}

export interface ConnectorResponse {
  status: number;
  headers: Headers;
  // The parsed JSON body, or undefined when the response had no body.
  body: unknown;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_DETAIL_LENGTH = 300;

// Network error codes that mean the request may succeed if sent again later.
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export async function requestJson(request: ConnectorRequest): Promise<ConnectorResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = describeTarget(request.url);
  if (request.url.username || request.url.password) {
    throw new PermanentConnectorError(
      `${request.system} ${request.operation} failed: the URL for ${target} contains user info. Put credentials in the connector's auth settings, not in its base URL.`,
      details(request, undefined),
    );
  }

  // NOTE: the egress guard (rejecting private, loopback, link-local and metadata addresses unless
  // the deployment allows them) belongs here, before the request leaves. Until it exists, every
  // URL a connector is configured with is fetched as given.
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: buildHeaders(request),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      // A redirect could lead to an address the egress guard never saw, so it is an error.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await readLimited(response, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, request, target);
  } catch (error) {
    throw classifyFailure(error, request, target, timeoutMs);
  }

  const body = parseBody(text, response, request, target);
  if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body };
  throw errorForStatus(response, body, request, target);
}

function buildHeaders(request: ConnectorRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

// Origin and path only: the query string and user info may carry credentials.
function describeTarget(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

async function readLimited(response: Response, maxBytes: number, request: ConnectorRequest, target: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(request, target, maxBytes, response.status);
  }
  if (!response.body) return '';

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(request, target, maxBytes, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(request: ConnectorRequest, target: string, maxBytes: number, status: number): PermanentConnectorError {
  return new PermanentConnectorError(
    `${request.system} ${request.operation} failed: the response from ${target} is larger than ${maxBytes} bytes. Check the endpoint, or raise the connector's response size limit.`,
    details(request, status),
  );
}

function parseBody(text: string, response: Response, request: ConnectorRequest, target: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // An error status with a non-JSON body (a proxy's HTML page, say) is still classified by status.
    if (response.status >= 300) return text;
    throw new PermanentConnectorError(
      `${request.system} ${request.operation} failed: the response from ${target} (HTTP ${response.status}) is not valid JSON. Check that the connector's base URL points at the API.`,
      details(request, response.status, error),
    );
  }
}

function errorForStatus(response: Response, body: unknown, request: ConnectorRequest, target: string): Error {
  const status = response.status;
  const reported = describeRemoteError(body, request);
  const prefix = `${request.system} ${request.operation} failed: HTTP ${status} from ${target}${reported ? ` (${reported})` : ''}.`;

  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const wait = retryAfterSeconds === undefined ? 'Retry later.' : `Retry after ${retryAfterSeconds} s.`;
    return new TransientConnectorError(`${prefix} ${wait}`, { ...details(request, status), retryAfterSeconds });
  }
  if (status >= 300 && status < 400) {
    return new PermanentConnectorError(`${prefix} Redirects are not followed; set the connector's base URL to the final address.`, details(request, status));
  }
  const hint = status === 401 || status === 403 ? 'Check the connector credentials and their permissions.' : 'Correct the request or the data; retrying as is will fail again.';
  return new PermanentConnectorError(`${prefix} ${hint}`, details(request, status));
}

function describeRemoteError(body: unknown, request: ConnectorRequest): string | undefined {
  let message: string | undefined;
  try {
    message = request.describeError?.(body);
  } catch {
    message = undefined;
  }
  if (!message) return undefined;
  return message.length > MAX_DETAIL_LENGTH ? `${message.slice(0, MAX_DETAIL_LENGTH)}...` : message;
}

// Retry-After is either a number of seconds or an HTTP date (RFC 9110, section 10.2.3).
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function classifyFailure(error: unknown, request: ConnectorRequest, target: string, timeoutMs: number): Error {
  if (error instanceof PermanentConnectorError || error instanceof TransientConnectorError) return error;

  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TransientConnectorError(
      `${request.system} ${request.operation} timed out after ${timeoutMs} ms calling ${target}. The request may have taken effect; look it up before sending it again.`,
      details(request, undefined, error),
    );
  }

  const code = networkErrorCode(error);
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) {
    return new TransientConnectorError(`${request.system} ${request.operation} failed: ${code} calling ${target}. Retry later.`, details(request, undefined, error));
  }
  // Only the code or error name is shown, because fetch's own messages can repeat the whole URL.
  return new PermanentConnectorError(
    `${request.system} ${request.operation} failed calling ${target}: ${code ?? (name || 'unknown error')}. Check the connector's base URL.`,
    details(request, undefined, error),
  );
}

// fetch (undici) reports network failures as a TypeError whose cause carries the system error code.
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function details(request: ConnectorRequest, status: number | undefined, cause?: unknown): ConnectorErrorDetails {
  return { system: request.system, operation: request.operation, status, cause };
}

// Appends `path` to a base URL that may itself end in a path (a reverse proxy prefix, say).
export function joinUrl(baseUrl: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
}
