import type { NextFunction, Request, Response } from 'express';
import { decodeJwt, errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { config } from '../../core/config.ts';
import { problems } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { requestLogOf, setPrincipal, type Principal } from '../http/request-context.ts';
import { clientStanding } from './client-standing.ts';
import { ProviderTokenRejected, verifyProviderToken } from './identity-providers.ts';
import { ACCESS_TOKEN_TYPE } from './issue-access-token.ts';
import { verificationKey } from './key-set.ts';
import { SIGNING_ALGORITHMS } from './signing-keys.ts';

// Tolerates small clock differences between gateway copies when checking exp and nbf.
const CLOCK_TOLERANCE_SECONDS = 5;
// How far in the future iat may be. A gateway copy never issues such a token, so one that is
// further ahead was signed with a stolen key or a broken clock.
const MAX_IAT_SKEW_SECONDS = 60;

interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  scopes: string[];
  tokenId: string;
}

// A rejected token. The reason goes to the log only, so the response gives an attacker nothing
// about which check failed.
class InvalidToken extends Error {}

function rejectRequest(error: 'invalid_token' | 'invalid_request' | undefined, detail: string): ProblemWithHeaders {
  const challenge = error ? `Bearer realm="throughline", error="${error}"` : 'Bearer realm="throughline"';
  return new ProblemWithHeaders(problems.unauthorized(detail), { 'WWW-Authenticate': challenge });
}

function readBearerToken(req: Request): string {
  const header = req.get('authorization');
  if (!header) throw rejectRequest(undefined, 'The request has no access token. Get one from POST /oauth/token and send it as "Authorization: Bearer <token>".');
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) throw rejectRequest('invalid_request', 'The Authorization header is not of the form "Bearer <token>".');
  return match[1];
}

async function keyForHeader(header: JWTHeaderParameters) {
  const found = header.kid ? await verificationKey(header.kid) : undefined;
  if (!found) throw new InvalidToken(`unknown kid ${JSON.stringify(header.kid ?? null)}`);
  if (found.alg !== header.alg) throw new InvalidToken(`alg ${header.alg} does not match key ${header.kid}`);
  return found.key;
}

// jose checks that exp has not passed but not how a token's iat and exp relate, so a token signed
// with a leaked key could be dated ahead or made to live for years.
function checkLifetime(payload: JWTPayload): void {
  const issuedAt = payload.iat!;
  const now = Math.floor(Date.now() / 1000);
  if (issuedAt > now + MAX_IAT_SKEW_SECONDS) throw new InvalidToken(`iat is ${issuedAt - now} s in the future`);
  const lifetime = payload.exp! - issuedAt;
  const { maxTokenLifetimeSeconds } = config().gateway;
  if (lifetime > maxTokenLifetimeSeconds) throw new InvalidToken(`lifetime of ${lifetime} s exceeds TOKEN_MAX_LIFETIME_SECONDS (${maxTokenLifetimeSeconds})`);
}

function claimsOf(payload: JWTPayload): AccessTokenClaims {
  const { client_id: clientId, tenant, scope, jti, sub } = payload;
  if (typeof clientId !== 'string' || typeof tenant !== 'string' || typeof scope !== 'string' || typeof jti !== 'string') {
    throw new InvalidToken('client_id, tenant, scope or jti is missing or not a string');
  }
  if (sub !== clientId) throw new InvalidToken('sub differs from client_id');
  return { clientId, tenantId: tenant, scopes: scope.split(' ').filter(Boolean), tokenId: jti };
}

// Verifies signature, algorithm, type, issuer, audience and lifetime, then reads our claims.
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims> {
  const { issuer, audience } = config().gateway;
  const { payload } = await jwtVerify(token, keyForHeader, {
    algorithms: [...SIGNING_ALGORITHMS],
    typ: ACCESS_TOKEN_TYPE,
    issuer,
    audience,
    requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  checkLifetime(payload);
  return claimsOf(payload);
}

function isTokenFailure(error: unknown): boolean {
  return error instanceof InvalidToken || error instanceof ProviderTokenRejected || error instanceof errors.JOSEError;
}

const INVALID_TOKEN = 'The access token is invalid or has expired. Get a new one from POST /oauth/token.';

// Verifies a token of this gateway and checks that its client and tenant may still act. Scopes the
// client lost since the token was issued no longer count.
async function gatewayPrincipal(token: string, res: Response): Promise<Principal> {
  const claims = await verifyAccessToken(token);
  const standing = await clientStanding(claims.clientId);
  if (!standing || standing.tenantId !== claims.tenantId) {
    requestLogOf(res).info({ clientId: claims.clientId, tenantId: claims.tenantId, tokenId: claims.tokenId }, 'access token rejected: client or tenant is no longer active');
    throw rejectRequest('invalid_token', INVALID_TOKEN);
  }
  const scopes = new Set(claims.scopes.filter((scope) => standing.scopes.includes(scope)));
  return { clientId: claims.clientId, tenantId: claims.tenantId, region: standing.region, scopes, tokenId: claims.tokenId, tier: standing.tier };
}

// A token from another issuer can only be one from an identity provider that a tenant trusts.
async function principalOfToken(token: string, res: Response): Promise<Principal> {
  const { iss } = decodeJwt(token);
  if (typeof iss === 'string' && iss !== config().gateway.issuer) return verifyProviderToken(token, iss);
  return gatewayPrincipal(token, res);
}

// Express middleware: accepts the request only with a valid access token whose client and tenant
// are still active, and records the principal for the handlers.
export async function requireAccessToken(req: Request, res: Response, next: NextFunction): Promise<void> {
  const token = readBearerToken(req);
  let principal: Principal;
  try {
    principal = await principalOfToken(token, res);
  } catch (error) {
    if (!isTokenFailure(error)) throw error;
    requestLogOf(res).info({ reason: (error as Error).message }, 'access token rejected');
    throw rejectRequest('invalid_token', INVALID_TOKEN);
  }

  setPrincipal(res, principal);
  next();
}
