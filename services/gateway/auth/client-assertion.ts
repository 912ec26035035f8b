import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { config } from '../../core/config.ts';
import { logger } from '../../core/logger.ts';
import type { ApiClient } from '../../core/models/control.ts';
import { connectedRedis } from '../limits/redis-client.ts';
import { OAuthError } from './oauth-error.ts';

const log = logger('client-assertion');

// private_key_jwt client authentication (RFC 7523 and OpenID Connect Core section 9): the client
// signs a short-lived JWT with its private key, and the gateway checks it against the public keys
// the client registered. Each assertion is accepted once: its jti is remembered until it expires.

const ASSERTION_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
// Assertions must be short-lived; a longer one is rejected even when it has not expired.
const MAX_ASSERTION_AGE_SECONDS = 300;
const CLIENT_FAILED = 'Client authentication failed.';

function audiences(): string[] {
  const { issuer } = config().gateway;
  return [issuer, `${issuer}/oauth/token`];
}

// Remembers the assertion's jti until it expires; false when it was seen before (a replay).
async function firstUse(clientId: string, jti: string, expiresAt: number): Promise<boolean> {
  const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
  const key = `${config().redis.keyPrefix}assertion:${clientId}:${jti}`;
  return (await (await connectedRedis()).set(key, '1', 'EX', ttl, 'NX')) === 'OK';
}

export async function verifyClientAssertion(client: ApiClient, assertion: string): Promise<void> {
  const keys = client.publicJwks;
  if (!keys || keys.length === 0) throw new OAuthError('invalid_client', CLIENT_FAILED, `client ${client.clientId} has no registered public key for private_key_jwt`);

  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet({ keys } as JSONWebKeySet), {
      issuer: client.clientId,
      subject: client.clientId,
      audience: audiences(),
      algorithms: ASSERTION_ALGORITHMS,
      requiredClaims: ['exp', 'jti'],
      maxTokenAge: MAX_ASSERTION_AGE_SECONDS,
      clockTolerance: 5,
    }));
  } catch (error) {
    if (!(error instanceof errors.JOSEError)) throw error;
    throw new OAuthError('invalid_client', CLIENT_FAILED, `client assertion of ${client.clientId} rejected: ${error.code}`);
  }

  // maxTokenAge needs iat; an assertion without it is judged by exp alone, which must be near.
  if (payload.exp! - Math.floor(Date.now() / 1000) > MAX_ASSERTION_AGE_SECONDS) {
    throw new OAuthError('invalid_client', CLIENT_FAILED, `client assertion of ${client.clientId} expires more than ${MAX_ASSERTION_AGE_SECONDS} s ahead`);
  }
  // Without Redis a replay cannot be ruled out, so the assertion is rejected and the error logged.
  const fresh = await firstUse(client.clientId, payload.jti!, payload.exp!).catch((error: unknown) => {
    log.error({ err: error, clientId: client.clientId }, 'recording a client assertion id in Redis failed; rejecting the assertion');
    return false;
  });
  if (!fresh) throw new OAuthError('invalid_client', CLIENT_FAILED, `client assertion ${payload.jti} of ${client.clientId} was already used or could not be recorded`);
}
