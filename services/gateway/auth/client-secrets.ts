import { hashSecret, randomSecret, verifySecret } from '../../core/crypto.ts';
import type { ApiClient } from '../../core/models/control.ts';

// Client secrets, stored as scrypt hashes only. During a rotation a client holds two secrets:
// the new one, and the previous one until its expiry, so a partner can switch its deployments
// over without a moment in which neither secret works.

// Checked instead when the client id is unknown, so that rejection takes as long as a wrong secret.
const DECOY_SECRET_HASH = hashSecret(randomSecret());

export function secretMatches(client: ApiClient | null, secret: string): boolean {
  if (verifySecret(secret, client?.secretHash ?? DECOY_SECRET_HASH)) return client !== null;
  const previous = client?.previousSecretHash;
  const previousValid = previous && client.previousSecretExpiresAt && client.previousSecretExpiresAt.getTime() > Date.now();
  return Boolean(previousValid && verifySecret(secret, previous));
}

export interface RotatedSecret {
  secret: string;
  previousExpiresAt: Date;
}

// Gives the client a new secret and keeps the current one valid for graceSeconds. Returns the new
// secret, which is shown once and never stored in plain text.
export async function rotateClientSecret(client: ApiClient, graceSeconds: number): Promise<RotatedSecret> {
  const secret = randomSecret();
  const previousExpiresAt = new Date(Date.now() + graceSeconds * 1000);
  await client.update({ previousSecretHash: client.secretHash, previousSecretExpiresAt: previousExpiresAt, secretHash: hashSecret(secret) });
  return { secret, previousExpiresAt };
}
