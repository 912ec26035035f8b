import { PermanentConnectorError } from './errors.ts';
import { requestJson } from './http.ts';

// How a connector authenticates to its system, and the headers that carry it. OAuth 2.0 client
// credentials tokens (RFC 6749, section 4.4) are cached per connector until shortly before they
// expire, so a flow's many calls share one token request.

export type ConnectorAuth =
  | { kind: 'api-token'; token: string; scheme?: string; header?: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'oauth-client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

// A token is renewed this long before it expires, so a call never starts with a token that
// lapses in flight.
const EXPIRY_MARGIN_MS = 30_000;
const DEFAULT_LIFETIME_SECONDS = 300;
const cache = new Map<string, CachedToken>();
const pending = new Map<string, Promise<CachedToken>>();

// Returns the headers that authenticate one call. `cacheKey` is the connector id.
export async function authHeaders(auth: ConnectorAuth, cacheKey: string): Promise<Record<string, string>> {
  switch (auth.kind) {
    case 'api-token':
      return { [auth.header ?? 'authorization']: auth.scheme === '' ? auth.token : `${auth.scheme ?? 'Bearer'} ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'oauth-client-credentials':
      return { authorization: `Bearer ${(await clientCredentialsToken(auth, cacheKey)).accessToken}` };
  }
}

// Drops a cached token, for a caller that got 401 with it (the system revoked it early).
export function forgetToken(cacheKey: string): void {
  cache.delete(cacheKey);
}

async function clientCredentialsToken(auth: Extract<ConnectorAuth, { kind: 'oauth-client-credentials' }>, cacheKey: string): Promise<CachedToken> {
  const cached = cache.get(cacheKey);
  if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached;

  let request = pending.get(cacheKey);
  if (!request) {
    request = requestToken(auth).finally(() => pending.delete(cacheKey));
    pending.set(cacheKey, request);
  }
  const token = await request;
  cache.set(cacheKey, token);
  return token;
}

async function requestToken(auth: Extract<ConnectorAuth, { kind: 'oauth-client-credentials' }>): Promise<CachedToken> {
  const response = await requestJson({
    system: 'oauth',
    operation: 'requestToken',
    method: 'POST',
    url: new URL(auth.tokenUrl),
    headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64')}` },
    form: { grant_type: 'client_credentials', ...(auth.scope ? { scope: auth.scope } : {}) },
    describeError: (body) => (body as { error_description?: string; error?: string } | undefined)?.error_description ?? (body as { error?: string } | undefined)?.error,
  });
  const body = response.body as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (typeof body?.access_token !== 'string' || body.access_token === '') {
    throw new PermanentConnectorError('oauth requestToken returned no access_token. Check the connector\'s token URL.', { system: 'oauth', operation: 'requestToken', status: response.status });
  }
  const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_SECONDS;
  return { accessToken: body.access_token, expiresAt: Date.now() + lifetime * 1000 };
}

// Builds the auth settings from a connector's auth kind and its decrypted credentials, naming
// the missing field when the stored credentials do not fit the kind.
export function authFromCredentials(kind: 'api-token' | 'basic' | 'oauth-client-credentials', credentials: Record<string, string>, connectorSlug: string): ConnectorAuth {
  const field = (name: string): string => {
    const value = credentials[name];
    if (!value) throw new PermanentConnectorError(`Connector ${connectorSlug} uses ${kind} auth but its credentials lack "${name}". Enter it in the connector settings.`, { system: connectorSlug, operation: 'authenticate' });
    return value;
  };
  switch (kind) {
    case 'api-token':
      // Drivers name the token field after their system's own term, and the generic REST driver calls it token.
      return { kind, token: credentials.accessToken ?? credentials.apiToken ?? credentials.token ?? field('accessToken') };
    case 'basic':
      return { kind, username: field('username'), password: field('password') };
    case 'oauth-client-credentials':
      return { kind, tokenUrl: field('tokenUrl'), clientId: field('clientId'), clientSecret: field('clientSecret'), ...(credentials.scope ? { scope: credentials.scope } : {}) };
  }
}
