import { controlModels, type ApiClient, type Tenant } from '../../core/models/control.ts';
import { findTenantById } from '../../core/tenants.ts';
import { verifyClientAssertion } from './client-assertion.ts';
import type { ClientCredentials } from './client-credentials.ts';
import { secretMatches } from './client-secrets.ts';
import { OAuthError } from './oauth-error.ts';
import { isScope } from './scopes.ts';

// The checks a client credentials token request passes, one function per rule. The token
// endpoint runs them in the order RFC 6749 implies: authenticate the client, then judge the grant.

// Every client failure gets the same description, so a caller cannot tell an unknown client from
// a wrong secret, a disabled client or a suspended tenant. The log keeps the real reason.
const CLIENT_FAILED = 'Client authentication failed.';

export async function authenticateClient(credentials: ClientCredentials): Promise<ApiClient> {
  const client = await controlModels().ApiClient.findOne({ where: { clientId: credentials.clientId } });
  if (credentials.method === 'private_key_jwt') {
    if (!client) throw new OAuthError('invalid_client', CLIENT_FAILED, 'unknown client id (private_key_jwt)');
    await verifyClientAssertion(client, credentials.assertion);
    return client;
  }

  const matches = secretMatches(client, credentials.secret);
  if (!client) throw new OAuthError('invalid_client', CLIENT_FAILED, `unknown client id (${credentials.method})`);
  if (!matches) throw new OAuthError('invalid_client', CLIENT_FAILED, `wrong secret for client ${client.clientId} (${credentials.method})`);
  return client;
}

export function requireActiveClient(client: ApiClient): void {
  if (client.status !== 'active') throw new OAuthError('invalid_client', CLIENT_FAILED, `client ${client.clientId} is ${client.status}`);
}

export async function requireActiveTenant(client: ApiClient): Promise<Tenant> {
  const tenant = await findTenantById(client.tenantId);
  if (!tenant || tenant.status !== 'active') {
    throw new OAuthError('invalid_client', CLIENT_FAILED, `tenant ${client.tenantId} of client ${client.clientId} is ${tenant?.status ?? 'missing'}`);
  }
  return tenant;
}

export function requireClientCredentialsGrant(form: Record<string, string>): void {
  if (form.grant_type === undefined) throw new OAuthError('invalid_request', 'The grant_type parameter is missing; this endpoint accepts grant_type=client_credentials.');
  if (form.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'This endpoint supports only grant_type=client_credentials.');
  }
}

// Grants the requested scopes when the client has every one of them, or all of the client's
// scopes when the request names none (RFC 6749 section 3.3 lets the server pick a default).
export function grantScopes(client: ApiClient, requested: string | undefined): string[] {
  const held: string[] = client.scopes.filter(isScope);
  if (requested === undefined) return held;

  const wanted = [...new Set(requested.split(' ').filter(Boolean))];
  if (wanted.length === 0) throw new OAuthError('invalid_scope', 'The scope parameter is empty; omit it to receive all of the client\'s scopes.');
  const refused = wanted.filter((scope) => !held.includes(scope));
  if (refused.length > 0) {
    throw new OAuthError('invalid_scope', `The client may not request these scopes: ${refused.join(' ')}.`);
  }
  return wanted;
}
