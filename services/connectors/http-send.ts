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
// closes after a minute, or sooner when the server announces a shorter Keep-Alive timeout.
const agents = new WeakMap<EgressPolicy, PolicyAgents>();
const IDLE_SOCKET_MS = 60_000;

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
  const transport = request.url.protocol === 'https:' ? https : http;

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = transport.request(request.url, {
      method: request.method,
      headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      signal: request.signal,
      lookup: guardedLookup(request.policy),
      agent: agentFor(request.policy, request.url.protocol),
    }, resolve);
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });

  const status = response.statusCode ?? 0;
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > request.maxBytes) {
    response.destroy();
    throw new ResponseTooLargeError(status);
  }
  return { status, headers: toHeaders(response), text: await readBody(response, request.maxBytes, status) };
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
