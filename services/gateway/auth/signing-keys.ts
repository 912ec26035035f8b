import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { Op, type Transaction } from 'sequelize';
import { config } from '../../core/config.ts';
import { controlDatabase } from '../../core/database.ts';
import { decryptSecret, encryptSecret } from '../../core/crypto.ts';
import { logger } from '../../core/logger.ts';
import { controlModels, type SigningKey } from '../../core/models/control.ts';
import { invalidateKeySet } from './key-set.ts';

const log = logger('signing-keys');

export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

// New keys use ES256: short signatures, and every JOSE library verifies it. Stored RS256 keys still work.
const NEW_KEY_ALGORITHM: SigningAlgorithm = 'ES256';

// Clock skew between gateway copies and the verifier's tolerance, added to the token lifetime
// before a retiring key leaves the JWKS.
const RETIREMENT_MARGIN_SECONDS = 60;

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

const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('throughline.signing_keys'))";

// Makes a key pair and stores it, active, with the private key encrypted under the master key and
// bound to its kid. Call inside a transaction that holds the signing key lock.
async function insertNewKey(transaction: Transaction): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(NEW_KEY_ALGORITHM, { extractable: true });
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const pkcs8Pem = await exportPKCS8(privateKey);

  return controlModels().SigningKey.create({
    kid,
    alg: NEW_KEY_ALGORITHM,
    publicJwk: { ...publicJwk, kid, alg: NEW_KEY_ALGORITHM, use: 'sig' },
    privateKeyEncrypted: encryptSecret(pkcs8Pem, kid),
    status: 'active',
    retireAfter: null,
  }, { transaction });
}

// Creates the first key. The lock makes gateway copies that start together create one key, not one each.
async function createFirstKey(): Promise<SigningKey> {
  return controlDatabase().transaction(async (transaction) => {
    await controlDatabase().query(LOCK_SQL, { transaction });
    const existing = await controlModels().SigningKey.findOne({ where: { status: 'active' }, order: [['createdAt', 'DESC']], transaction });
    if (existing) return existing;

    const row = await insertNewKey(transaction);
    log.info({ kid: row.kid, alg: NEW_KEY_ALGORITHM }, 'created token signing key because none was active');
    return row;
  });
}

// Replaces the active signing key. The old key turns "retiring": its public half stays in the
// JWKS until the longest-lived token it may have signed has expired, then it turns "retired".
export async function rotateSigningKey(reason: string): Promise<{ kid: string; retiredKids: string[] }> {
  const { maxTokenLifetimeSeconds } = config().gateway;
  const result = await controlDatabase().transaction(async (transaction) => {
    await controlDatabase().query(LOCK_SQL, { transaction });
    const retireAfter = new Date(Date.now() + (maxTokenLifetimeSeconds + RETIREMENT_MARGIN_SECONDS) * 1000);
    const [, retiring] = await controlModels().SigningKey.update({ status: 'retiring', retireAfter }, { where: { status: 'active' }, returning: true, transaction });
    const row = await insertNewKey(transaction);
    return { kid: row.kid, retiredKids: retiring.map((key) => key.kid) };
  });
  cached = undefined;
  log.info({ kid: result.kid, retiringKids: result.retiredKids, reason }, 'rotated the token signing key');
  return result;
}

// Marks retiring keys whose tokens have all expired as retired, so they leave the JWKS for good.
export async function retireExpiredKeys(): Promise<number> {
  const [count] = await controlModels().SigningKey.update({ status: 'retired' }, { where: { status: 'retiring', retireAfter: { [Op.lte]: new Date() } } });
  if (count > 0) log.info({ count }, 'retired signing keys whose tokens have all expired');
  return count;
}

// Rotates the active key when it is older than SIGNING_KEY_ROTATION_DAYS. Returns true if it did.
export async function rotateSigningKeyIfDue(now = new Date()): Promise<boolean> {
  const newest = await newestActiveKey();
  const maxAgeMs = config().gateway.signingKeyRotationDays * 86_400_000;
  if (!newest || now.getTime() - newest.createdAt.getTime() < maxAgeMs) return false;
  await rotateSigningKey(`scheduled: key ${newest.kid} is older than ${config().gateway.signingKeyRotationDays} days`);
  return true;
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
  if (cached?.key.kid !== key.kid) invalidateKeySet();
  cached = { key, until: Date.now() + CACHE_MS };
  return key;
}
