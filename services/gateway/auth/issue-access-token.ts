import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { config } from '../../core/config.ts';
import { activeSigningKey } from './signing-keys.ts';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenSubject {
  clientId: string;
  tenantId: string;
  scopes: string[];
  // Seconds until the token expires, from the tenant's policy.
  lifetimeSeconds: number;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  tokenId: string;
}

// Signs an access token in the JWT profile of RFC 9068: typ at+jwt, the client as both sub and
// client_id (no user takes part in client credentials), plus the tenant the client belongs to.
// The lifetime is the tenant policy's, so the caller passes it.
export async function issueAccessToken(subject: AccessTokenSubject): Promise<IssuedAccessToken> {
  const { issuer, audience } = config().gateway;
  const { lifetimeSeconds } = subject;
  const { kid, alg, privateKey } = await activeSigningKey();
  const issuedAt = Math.floor(Date.now() / 1000);
  const tokenId = randomUUID();

  const token = await new SignJWT({ client_id: subject.clientId, tenant: subject.tenantId, scope: subject.scopes.join(' ') })
    .setProtectedHeader({ alg, kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(subject.clientId)
    .setJti(tokenId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(privateKey);

  return { token, expiresIn: lifetimeSeconds, tokenId };
}
