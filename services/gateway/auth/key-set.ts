import { importJWK, type CryptoKey, type JWK } from 'jose';
import { isSigningAlgorithm, publishedKeyRows, type SigningAlgorithm } from './signing-keys.ts';

// The public keys that verify access tokens, shared by the JWKS endpoint and the token check.

export interface VerificationKey {
  alg: SigningAlgorithm;
  key: CryptoKey | Uint8Array;
}

interface KeySet {
  jwks: JWK[];
  byKid: Map<string, VerificationKey>;
  loadedAt: number;
}

const CACHE_MS = 30_000;
// An unknown kid may be a key that another gateway copy made a moment ago, so it triggers a reload,
// but at most this often, so a flood of forged kids cannot turn into a flood of queries.
const MIN_RELOAD_INTERVAL_MS = 5_000;

let current: KeySet | undefined;

async function loadKeySet(): Promise<KeySet> {
  const rows = await publishedKeyRows();
  const jwks: JWK[] = [];
  const byKid = new Map<string, VerificationKey>();
  for (const row of rows) {
    if (!isSigningAlgorithm(row.alg)) continue;
    const jwk = row.publicJwk as JWK;
    jwks.push(jwk);
    byKid.set(row.kid, { alg: row.alg, key: await importJWK(jwk, row.alg) });
  }
  return { jwks, byKid, loadedAt: Date.now() };
}

// An empty set is never kept: the first key may be created at any moment by the token endpoint.
async function keySet(): Promise<KeySet> {
  if (!current || current.jwks.length === 0 || Date.now() - current.loadedAt > CACHE_MS) current = await loadKeySet();
  return current;
}

export async function publishedJwks(): Promise<JWK[]> {
  return (await keySet()).jwks;
}

export async function verificationKey(kid: string): Promise<VerificationKey | undefined> {
  const set = await keySet();
  const found = set.byKid.get(kid);
  if (found || Date.now() - set.loadedAt < MIN_RELOAD_INTERVAL_MS) return found;
  current = await loadKeySet();
  return current.byKid.get(kid);
}

// Drops the cached set, so the next verification reads the keys again. The signer calls it when it
// starts using a key, so this copy verifies its own new tokens at once.
export function invalidateKeySet(): void {
  current = undefined;
}
