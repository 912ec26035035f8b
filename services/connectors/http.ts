import { defaultEgressPolicy, EgressRejectedError, type EgressPolicy } from './egress-guard.ts';
import { PermanentConnectorError, TransientConnectorError, type ConnectorErrorDetails } from './errors.ts';
import { ResponseTooLargeError, sendOnce, type RawResponse } from './http-send.ts';

// The one outbound HTTP call every driver makes. It passes the egress guard on every hop, follows
// a few redirects, bounds time and response size, parses JSON and turns every failure into a
// TransientConnectorError or a PermanentConnectorError.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ConnectorRequest {
  system: string;
  operation: string;
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  // Sent as JSON when present.
  body?: unknown;
  // Sent as application/x-www-form-urlencoded instead of a JSON body (OAuth token requests).
  form?: Record<string, string>;
  timeoutMs?: number;
  maxResponseBytes?: number;
  // Pulls the outside system's own error message out of an error response body, so the raised
  // error can show it. Drivers pass one because each system shapes its errors differently.
  describeError?: (body: unknown) => string | undefined;
  // True for calls whose response body does not matter (webhook deliveries): any body is
  // accepted and none is parsed.
  ignoreResponseBody?: boolean;
  // The egress policy; the deployment's own (config) when absent. Tests pass a stub resolver.
  egress?: EgressPolicy;
  // Awaited before any method but GET is sent, because such a call may change the outside system:
  // a workflow step puts its attempt on record here. Whatever it throws reaches the caller as is.
  beforeChange?: () => Promise<void>;
}

export interface ConnectorResponse {
  status: number;
  headers: Headers;
  // The parsed JSON body, or undefined when the response had no body.
  body: unknown;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
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
  if (request.method !== 'GET') await request.beforeChange?.();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = describeTarget(request.url);
  if (request.url.username || request.url.password) {
    throw new PermanentConnectorError(
      `${request.system} ${request.operation} failed: the URL for ${target} contains user info. Put credentials in the connector's auth settings, not in its base URL.`,
      details(request, undefined),
    );
  }

  let response: RawResponse;
  try {
    response = await sendFollowingRedirects(request, timeoutMs);
  } catch (error) {
    throw classifyFailure(error, request, target, timeoutMs);
  }

  const body = parseBody(response, request, target);
  if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body };
  throw errorForStatus(response, body, request, target);
}

// Follows up to MAX_REDIRECTS redirects. Each hop goes through the egress guard again, and the
// credentials headers are dropped when a redirect leaves the original origin.
async function sendFollowingRedirects(request: ConnectorRequest, timeoutMs: number): Promise<RawResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  const policy = request.egress ?? defaultEgressPolicy();
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let url = request.url;
  let method: string = request.method;
  let body: string | undefined;
  if (request.form) body = new URLSearchParams(request.form).toString();
  else if (request.body !== undefined) body = JSON.stringify(request.body);
  let headers = buildHeaders(request);

  for (let hop = 0; ; hop += 1) {
    const response = await sendOnce({ method, url, headers, body, signal, maxBytes, policy });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || !location || hop >= MAX_REDIRECTS) return response;

    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return response;
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    // 303, and 301/302 after a POST, turn into a GET without a body, as browsers and fetch do.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-type'));
    }
    url = next;
  }
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !['authorization', 'cookie', 'x-api-key'].includes(name.toLowerCase())));
}

function buildHeaders(request: ConnectorRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  else if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

// Origin and path only: the query string and user info may carry credentials.
function describeTarget(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function tooLarge(request: ConnectorRequest, target: string, maxBytes: number, status: number): PermanentConnectorError {
  return new PermanentConnectorError(
    `${request.system} ${request.operation} failed: the response from ${target} is larger than ${maxBytes} bytes. Check the endpoint, or raise the connector's response size limit.`,
    details(request, status),
  );
}

function parseBody(response: RawResponse, request: ConnectorRequest, target: string): unknown {
  if (response.text.trim() === '' || request.ignoreResponseBody) return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    // An error status with a non-JSON body (a proxy's HTML page, say) is still classified by status.
    if (response.status >= 300) return response.text;
    throw new PermanentConnectorError(
      `${request.system} ${request.operation} failed: the response from ${target} (HTTP ${response.status}) is not valid JSON. Check that the connector's base URL points at the API.`,
      details(request, response.status, error),
    );
  }
}

function errorForStatus(response: RawResponse, body: unknown, request: ConnectorRequest, target: string): Error {
  const status = response.status;
  const reported = describeRemoteError(body, request);
  const prefix = `${request.system} ${request.operation} failed: HTTP ${status} from ${target}${reported ? ` (${reported})` : ''}.`;

  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const wait = retryAfterSeconds === undefined ? 'Retry later.' : `Retry after ${retryAfterSeconds} s.`;
    return new TransientConnectorError(`${prefix} ${wait}`, { ...details(request, status), retryAfterSeconds });
  }
  if (status >= 300 && status < 400) {
    return new PermanentConnectorError(`${prefix} More than ${MAX_REDIRECTS} redirects, or one without a usable Location; set the connector's base URL to the final address.`, details(request, status));
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
  if (error instanceof EgressRejectedError) return new PermanentConnectorError(`${request.system} ${request.operation} failed: ${error.message}`, details(request, undefined, error));
  if (error instanceof ResponseTooLargeError) return tooLarge(request, target, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, error.status);

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
  // Only the code or error name is shown, because the socket's own messages can repeat the whole URL.
  return new PermanentConnectorError(
    `${request.system} ${request.operation} failed calling ${target}: ${code ?? (name || 'unknown error')}. Check the connector's base URL.`,
    details(request, undefined, error),
  );
}

// Socket errors carry the system error code, directly or on a cause.
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
