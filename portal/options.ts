import { config } from '../services/core/config.ts';

// Settings of one portal instance. Tests pass their own issuer and base URL because their servers
// listen on ephemeral ports. Everything left out comes from the process configuration.
export interface PortalOptions {
  /** OpenID provider to discover, such as http://127.0.0.1:8082. Defaults to OIDC_ISSUER. */
  issuerUrl?: string;
  /** Public URL of the portal, used for the callback and post-logout URLs. Defaults to PORTAL_BASE_URL. */
  baseUrl?: string;
  clientId?: string;
  clientSecret?: string;
  sessionSecret?: string;
  /** Public URL of the gateway, the base of connector webhook URLs. Defaults to GATEWAY_ISSUER. */
  gatewayUrl?: string;
  /** Minutes without a request after which a session ends. Defaults to 30. */
  sessionIdleMinutes?: number;
  /** Hours after sign-in at which a session ends, however active. Defaults to 12. */
  sessionAbsoluteHours?: number;
}

export interface PortalSettings {
  issuerUrl: URL;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  sessionSecret: string;
  gatewayUrl: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** True when the base URL is https, which turns on secure cookies and HSTS. */
  https: boolean;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function resolvePortalSettings(options: PortalOptions = {}): PortalSettings {
  const { portal, gateway } = config();
  const baseUrl = withoutTrailingSlash(options.baseUrl ?? portal.baseUrl);
  return {
    issuerUrl: new URL(options.issuerUrl ?? portal.oidcIssuer),
    baseUrl,
    clientId: options.clientId ?? portal.oidcClientId,
    clientSecret: options.clientSecret ?? portal.oidcClientSecret,
    sessionSecret: options.sessionSecret ?? portal.sessionSecret,
    gatewayUrl: withoutTrailingSlash(options.gatewayUrl ?? gateway.issuer),
    sessionIdleMinutes: options.sessionIdleMinutes ?? 30,
    sessionAbsoluteHours: options.sessionAbsoluteHours ?? 12,
    https: new URL(baseUrl).protocol === 'https:',
  };
}
