import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { allowInsecureRequests, discovery } from 'openid-client';
import { config } from '../../core/config.ts';
import { logger } from '../../core/logger.ts';
import { apiPolicyModels, type TenantIdentityProvider } from '../../core/models/api-policy.ts';
import { findTenantById } from '../../core/tenants.ts';
import type { Principal } from '../http/request-context.ts';
import { isScope } from './scopes.ts';

const log = logger('identity-providers');

// Access tokens from an OpenID provider that a tenant trusts. The gateway discovers the provider
// with openid-client, keeps its JWKS in jose's remote key set, and maps the provider's scope
// claim to this API's scopes. Only registered issuers are ever contacted, so a forged iss claim
// sends no request anywhere.

export class ProviderTokenRejected extends Error {}

const PROVIDER_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
const ROWS_CACHE_MS = 60_000;
const DISCOVERY_CACHE_MS = 60 * 60 * 1000;
// A failed discovery is retried no sooner than this, so a flood of tokens cannot hammer a provider that is down.
const DISCOVERY_RETRY_MS = 30_000;
// jose refetches the JWKS when a token names an unknown kid, but at most once per cooldown, which
// bounds the requests a flood of made-up kids can cause.
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

const rowsByIssuer = new Map<string, { rows: TenantIdentityProvider[]; until: number }>();
const keySets = new Map<string, { keys?: JWTVerifyGetKey; failedAt?: number; until: number }>();

async function providersFor(issuer: string): Promise<TenantIdentityProvider[]> {
  const hit = rowsByIssuer.get(issuer);
  if (hit && hit.until > Date.now()) return hit.rows;
  const rows = await apiPolicyModels().TenantIdentityProvider.findAll({ where: { issuer, status: 'active' } });
  if (rowsByIssuer.size >= 1000) rowsByIssuer.clear();
  rowsByIssuer.set(issuer, { rows, until: Date.now() + ROWS_CACHE_MS });
  return rows;
}

async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const insecure = issuer.startsWith('http:');
  if (insecure && !config().gateway.allowInsecureIdentityProviders) {
    throw new ProviderTokenRejected(`provider ${issuer} uses plain http, which IDP_ALLOW_INSECURE forbids`);
  }
  const discovered = await discovery(new URL(issuer), 'throughline-gateway', undefined, undefined, { execute: insecure ? [allowInsecureRequests] : [], timeout: 5 });
  const jwksUri = discovered.serverMetadata().jwks_uri;
  if (!jwksUri) throw new ProviderTokenRejected(`provider ${issuer} publishes no jwks_uri`);
  return createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: JWKS_COOLDOWN_MS, cacheMaxAge: JWKS_MAX_AGE_MS, timeoutDuration: 5_000 });
}

async function keysFor(issuer: string): Promise<JWTVerifyGetKey> {
  const hit = keySets.get(issuer);
  if (hit?.keys && hit.until > Date.now()) return hit.keys;
  if (hit?.failedAt && Date.now() - hit.failedAt < DISCOVERY_RETRY_MS) throw new ProviderTokenRejected(`discovery of ${issuer} failed recently`);
  try {
    const keys = await discoverKeys(issuer);
    keySets.set(issuer, { keys, until: Date.now() + DISCOVERY_CACHE_MS });
    return keys;
  } catch (error) {
    log.error({ err: error, issuer }, 'discovering a trusted identity provider failed; its tokens are rejected until a retry succeeds');
    keySets.set(issuer, { failedAt: Date.now(), until: 0 });
    throw new ProviderTokenRejected(`discovery of ${issuer} failed`);
  }
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function mappedScopes(provider: TenantIdentityProvider, payload: JWTPayload): Set<string> {
  const granted = claimValues(payload[provider.scopeClaim]).flatMap((value) => provider.scopeMap[value] ?? []);
  return new Set(granted.filter(isScope));
}

function providerFor(rows: TenantIdentityProvider[], token: string): TenantIdentityProvider {
  const audiences = claimValues(decodeJwt(token).aud);
  const provider = rows.find((row) => audiences.includes(row.audience));
  if (!provider) throw new ProviderTokenRejected('no tenant trusts this issuer for the token\'s audience');
  return provider;
}

// Verifies a token whose iss is not the gateway, and returns the principal it stands for.
export async function verifyProviderToken(token: string, issuer: string): Promise<Principal> {
  const rows = await providersFor(issuer);
  if (rows.length === 0) throw new ProviderTokenRejected(`issuer ${JSON.stringify(issuer)} is not trusted by any tenant`);
  const provider = providerFor(rows, token);

  const { payload } = await jwtVerify(token, await keysFor(issuer), {
    issuer, audience: provider.audience, algorithms: PROVIDER_ALGORITHMS, requiredClaims: ['exp'], clockTolerance: 5,
  });
  const clientId = payload[provider.clientClaim];
  if (typeof clientId !== 'string' || clientId === '') throw new ProviderTokenRejected(`claim ${provider.clientClaim} is missing`);

  const tenant = await findTenantById(provider.tenantId);
  if (!tenant || tenant.status !== 'active') throw new ProviderTokenRejected(`tenant ${provider.tenantId} is not active`);
  return {
    clientId: `idp:${clientId}`,
    tenantId: tenant.id,
    region: tenant.region,
    scopes: mappedScopes(provider, payload),
    tokenId: typeof payload.jti === 'string' ? payload.jti : createHash('sha256').update(token).digest('hex').slice(0, 32),
    tier: tenant.apiTier,
  };
}
