import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { config, previousMasterKeys } from './config.ts';
import { regionDatabase } from './database.ts';
import type { TenantScope } from './tenancy.ts';

// Envelope encryption of tenant secrets (AES-256-GCM at both layers). A secret is sealed with
// the tenant's active data key, and the ciphertext carries that key wrapped by the master key:
//   v2.<tenant id>.<data key id>.<master key id>.<wrapped data key>.<iv>.<tag>.<ciphertext>
// Opening needs only the master key named by its id, so it stays synchronous. A master key is
// known by its id (the first 16 hex digits of its SHA-256), so MASTER_KEY can be replaced while
// the old key stays in MASTER_KEY_PREVIOUS until every ciphertext has been sealed again.

export const ENVELOPE_VERSION = 'v2';

export interface DataKey {
  id: string;
  tenantId: string;
  key: Buffer;
  wrapped: string;
  masterKeyId: string;
}

export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

// The current master key first, then previous ones, by key id. Tests pass their own environment
// to read a different MASTER_KEY_PREVIOUS; the process uses its validated configuration.
export function masterKeys(env?: Record<string, string | undefined>): Map<string, Buffer> {
  const previous = env ? previousMasterKeys(env) : config().previousMasterKeys;
  return new Map([config().masterKey, ...previous].map((key) => [masterKeyId(key), key]));
}

function seal(key: Buffer, plaintext: Buffer, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

function open(key: Buffer, sealed: string, associatedData: string): Buffer {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(ciphertext!), decipher.final()]);
}

// The wrapped form binds the data key to its tenant and id, so a wrapped key copied to another
// tenant does not unwrap. The wrapped key is one base64url string: iv, tag and key joined by "~".
function wrapAad(tenantId: string, keyId: string): string {
  return `data-key:${tenantId}:${keyId}`;
}

export function newDataKey(tenantId: string, master: Buffer = config().masterKey): DataKey {
  const id = randomUUID();
  const key = randomBytes(32);
  return { id, tenantId, key, wrapped: seal(master, key, wrapAad(tenantId, id)).replaceAll('.', '~'), masterKeyId: masterKeyId(master) };
}

function unwrap(tenantId: string, keyId: string, masterId: string, wrapped: string, keys: Map<string, Buffer>): Buffer {
  const master = keys.get(masterId);
  if (!master) {
    throw new Error(`The secret was sealed under master key ${masterId}, which this process does not have. Set MASTER_KEY or MASTER_KEY_PREVIOUS to that key.`);
  }
  return open(master, wrapped.replaceAll('~', '.'), wrapAad(tenantId, keyId));
}

export function sealWithDataKey(dataKey: DataKey, plaintext: string, associatedData: string): string {
  return [ENVELOPE_VERSION, dataKey.tenantId, dataKey.id, dataKey.masterKeyId, dataKey.wrapped, seal(dataKey.key, Buffer.from(plaintext, 'utf8'), associatedData)].join('.');
}

export function openEnvelope(stored: string, associatedData: string, keys: Map<string, Buffer> = masterKeys()): string {
  const parts = stored.split('.');
  if (parts.length !== 8 || parts[0] !== ENVELOPE_VERSION) throw new Error('Encrypted value has an unknown format; it was not written by this platform.');
  const [, tenantId, keyId, masterId, wrapped, ...sealed] = parts as [string, string, string, string, string, string, string, string];
  return open(unwrap(tenantId, keyId, masterId, wrapped, keys), sealed.join('.'), associatedData).toString('utf8');
}

// Returns the tenant's active data key, making one on first use, inside the caller's transaction.
export async function activeDataKey(scope: TenantScope, transaction: Transaction): Promise<DataKey> {
  const database = regionDatabase(scope.region);
  const [row] = await database.query<{ id: string; wrappedKey: string; masterKeyId: string }>(
    `SELECT id, wrapped_key AS "wrappedKey", master_key_id AS "masterKeyId" FROM tenant_data_keys WHERE tenant_id = :tenantId AND status = 'active'`,
    { replacements: { tenantId: scope.tenantId }, type: QueryTypes.SELECT, transaction });
  if (row) {
    const key = unwrap(scope.tenantId, row.id, row.masterKeyId, row.wrappedKey, masterKeys());
    return { id: row.id, tenantId: scope.tenantId, key, wrapped: row.wrappedKey, masterKeyId: row.masterKeyId };
  }
  const created = newDataKey(scope.tenantId);
  await database.query(
    `INSERT INTO tenant_data_keys (id, tenant_id, wrapped_key, master_key_id) VALUES (:id, :tenantId, :wrapped, :masterKeyId)`,
    { replacements: { id: created.id, tenantId: scope.tenantId, wrapped: created.wrapped, masterKeyId: created.masterKeyId }, transaction });
  return created;
}

// Retires the tenant's active data key and makes a new one under the current master key.
// Ciphertexts sealed with the old key still open, because each carries its wrapped key.
export async function rotateDataKey(scope: TenantScope, transaction: Transaction): Promise<DataKey> {
  await regionDatabase(scope.region).query(`UPDATE tenant_data_keys SET status = 'retired' WHERE tenant_id = :tenantId AND status = 'active'`,
    { replacements: { tenantId: scope.tenantId }, transaction });
  return activeDataKey(scope, transaction);
}
