import * as client from 'openid-client';
import { config } from '../../services/core/config.ts';
import type { PortalSettings } from '../options.ts';

// Discovers the OpenID provider and returns the client configuration for the portal. openid-client
// rejects plain-http issuers unless allowInsecureRequests is set, which development needs for the local provider
// on 127.0.0.1. Production must use https.
export async function discoverProvider(settings: PortalSettings): Promise<client.Configuration> {
  const insecure = settings.issuerUrl.protocol === 'http:';
  if (insecure && config().production) {
    throw new Error(`OIDC_ISSUER ${settings.issuerUrl.href} must use https in production.`);
  }

  return client.discovery(
    settings.issuerUrl,
    settings.clientId,
    undefined,
    client.ClientSecretBasic(settings.clientSecret),
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
}
