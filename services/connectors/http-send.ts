import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { guardedLookup, resolveAllowed, type EgressPolicy } from './egress-guard.ts';

// One HTTP exchange through the egress guard, without following redirects. It uses node:http
// rather than fetch because only node:http lets the guard supply the socket's DNS lookup.

interface PolicyAgents {
  http: http.Agent;
  https: https.Agent;
}

// Connections stay open for the next call, because an activation makes about ten calls and a new
// connection for each costs a connect, an accept and a close. Each egress policy has its own agents,
// so a socket is reused only under the policy whose lookup checked its address. An idle socket
// closes after 15 seconds, or sooner when the server announces a shorter Keep-Alive timeout,
// because a server that closes idle connections first fails the next request on it.
const agents = new WeakMap<EgressPolicy, PolicyAgents>();
const IDLE_SOCKET_MS = 15_000;

function agentFor(policy: EgressPolicy, protocol: string): http.Agent {
  let pair = agents.get(policy);
  if (!pair) {
    const options = { keepAlive: true, timeout: IDLE_SOCKET_MS };
    pair = { http: new http.Agent(options), https: new https.Agent(options) };
    agents.set(policy, pair);
  }
  return protocol === 'https:' ? pair.https : pair.http;
}

export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
  maxBytes: number;
  policy: EgressPolicy;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

// Raised when the body passes maxBytes, before the rest is read.
export class ResponseTooLargeError extends Error {
  constructor(readonly status: number) {
    super('response too large');
    this.name = 'ResponseTooLargeError';
  }
}

export async function sendOnce(request: RawRequest): Promise<RawResponse> {
  // An IP literal never reaches the lookup function, so it is checked here first.
  await resolveAllowed(request.url.hostname, request.policy);

  let response: IncomingMessage;
  try {
    response = await exchange(request);
  } catch (error) {
    // The server most likely closed the kept-alive socket before the request reached it. Only an
    // idempotent request goes again at once; a POST fails, and its step looks up before retrying.
    if (!(error instanceof StaleSocketError) || !IDEMPOTENT_METHODS.has(request.method.toUpperCase())) throw error;
    response = await exchange(request);
  }

  const status = response.statusCode ?? 0;
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > request.maxBytes) {
    response.destroy();
    throw new ResponseTooLargeError(status);
  }
  return { status, headers: toHeaders(response), text: await readBody(response, request.maxBytes, status) };
}

// A request on a reused socket that the server had closed: it failed before any response came.
class StaleSocketError extends Error {
  constructor(cause: Error) {
    super(`the kept-alive connection was closed by the server: ${cause.message}`, { cause });
    this.name = 'StaleSocketError';
  }
}

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function exchange(request: RawRequest): Promise<IncomingMessage> {
  const transport = request.url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = transport.request(request.url, {
      method: request.method,
      headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      signal: request.signal,
      lookup: guardedLookup(request.policy),
      agent: agentFor(request.policy, request.url.protocol),
    }, resolve);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(outgoing.reusedSocket && STALE_SOCKET_CODES.has(error.code ?? '') ? new StaleSocketError(error) : error);
    });
    outgoing.end(request.body);
  });
}

async function readBody(response: IncomingMessage, maxBytes: number, status: number): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    received += chunk.byteLength;
    if (received > maxBytes) {
      response.destroy();
      throw new ResponseTooLargeError(status);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toHeaders(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
