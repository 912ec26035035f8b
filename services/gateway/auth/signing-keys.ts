import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { Op } from 'sequelize';
import { controlDatabase } from '../../core/database.ts';
import { decryptSecret, encryptSecret } from '../../core/crypto.ts';
import { logger } from '../../core/logger.ts';
import { controlModels, type SigningKey } from '../../core/models/control.ts';

const log = logger('signing-keys');

export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

// New keys use ES256: short signatures, and every JOSE library verifies it. Stored RS256 keys still work.
const NEW_KEY_ALGORITHM: SigningAlgorithm = 'ES256';

export interface PrivateSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
}

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

// Keys whose public half belongs in the JWKS: active ones, and retiring ones until retire_after,
// when every token they signed has expired.
export async function publishedKeyRows(): Promise<SigningKey[]> {
  return controlModels().SigningKey.findAll({
    where: {
      [Op.or]: [
        { status: 'active' },
        { status: 'retiring', [Op.or]: [{ retireAfter: null }, { retireAfter: { [Op.gt]: new Date() } }] },
      ],
    },
    order: [['createdAt', 'DESC']],
  });
}

async function newestActiveKey(): Promise<SigningKey | null> {
  return controlModels().SigningKey.findOne({ where: { status: 'active' }, order: [['createdAt', 'DESC']] });
}

// Makes a key pair and stores it with the private key encrypted under the master key, bound to its
// kid. An advisory lock makes gateway copies that start together create one key, not one each.
async function createFirstKey(): Promise<SigningKey> {
  return controlDatabase().transaction(async (transaction) => {
    await controlDatabase().query("SELECT pg_advisory_xact_lock(hashtext('throughline.signing_keys'))", { transaction });
    const existing = await controlModels().SigningKey.findOne({ where: { status: 'active' }, order: [['createdAt', 'DESC']], transaction });
    if (existing) return existing;

    const { publicKey, privateKey } = await generateKeyPair(NEW_KEY_ALGORITHM, { extractable: true });
    const publicJwk: JWK = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const pkcs8Pem = await exportPKCS8(privateKey);

    const row = await controlModels().SigningKey.create({
      kid,
      alg: NEW_KEY_ALGORITHM,
      publicJwk: { ...publicJwk, kid, alg: NEW_KEY_ALGORITHM, use: 'sig' },
      privateKeyEncrypted: encryptSecret(pkcs8Pem, kid),
      status: 'active',
      retireAfter: null,
    }, { transaction });
    log.info({ kid, alg: NEW_KEY_ALGORITHM }, 'created token signing key because none was active');
    return row;
  });
}

async function toPrivateKey(row: SigningKey): Promise<PrivateSigningKey> {
  if (!isSigningAlgorithm(row.alg)) throw new Error(`Signing key ${row.kid} has algorithm "${row.alg}"; the gateway signs only with ${SIGNING_ALGORITHMS.join(' or ')}.`);
  const pem = decryptSecret(row.privateKeyEncrypted, row.kid);
  return { kid: row.kid, alg: row.alg, privateKey: await importPKCS8(pem, row.alg) };
}

const CACHE_MS = 60_000;
let cached: { key: PrivateSigningKey; until: number } | undefined;

// Returns the newest active signing key, creating one on first use. It is cached for a minute so
// each token does not decrypt the key again; a rotation takes effect within that minute.
export async function activeSigningKey(): Promise<PrivateSigningKey> {
  if (cached && cached.until > Date.now()) return cached.key;
  const row = (await newestActiveKey()) ?? (await createFirstKey());
  const key = await toPrivateKey(row);
  cached = { key, until: Date.now() + CACHE_MS };
  return key;
}
