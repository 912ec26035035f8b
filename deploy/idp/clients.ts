import type { ClientMetadata } from 'oidc-provider';

// The portal is the only client of the development provider: a confidential client that uses the
// authorization code flow with PKCE and signs out through RP-initiated logout.
export interface PortalClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export function portalClient({ baseUrl, clientId, clientSecret }: PortalClientOptions): ClientMetadata {
  const base = baseUrl.replace(/\/$/, '');
  return {
    client_id: clientId,
    client_secret: clientSecret,
    client_name: 'Throughline portal',
    redirect_uris: [`${base}/auth/callback`],
    post_logout_redirect_uris: [`${base}/`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  };
}
