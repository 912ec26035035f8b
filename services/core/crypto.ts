import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { config } from './config.ts';
import { ENVELOPE_VERSION, openEnvelope } from './envelope-crypto.ts';

// AES-256-GCM under the master key. The stored form is "v1.<iv>.<tag>.<ciphertext>" in base64url,
// so a later key version can sit beside this one. The associated data binds a ciphertext to the
// row it belongs to (for example a connector id), so a value copied to another row fails to open.
const VERSION = 'v1';

export function encryptSecret(plaintext: string, associatedData: string, key: Buffer = config().masterKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

// Opens both forms: "v1" (sealed directly by the master key) and "v2" (envelope encryption with a
// tenant data key, see envelope-crypto.ts), so values written before envelope encryption still open.
export function decryptSecret(stored: string, associatedData: string, key: Buffer = config().masterKey): string {
  if (stored.startsWith(`${ENVELOPE_VERSION}.`)) return openEnvelope(stored, associatedData);
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('Encrypted value has an unknown format; it was not written by this platform.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

// Client secrets are stored as scrypt hashes: "scrypt.<salt>.<hash>".
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32);
  return ['scrypt', salt.toString('base64url'), hash.toString('base64url')].join('.');
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('.');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
