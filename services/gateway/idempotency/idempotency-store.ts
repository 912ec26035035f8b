import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import { withTenant, type TenantScope } from '../../core/tenancy.ts';

// The idempotency_keys table of the tenant's region. Every statement runs in its own short
// transaction, so a claim is visible to a concurrent request before the operation itself starts.

export interface IdempotencyKeyId {
  scope: TenantScope;
  clientId: string;
  key: string;
}

export interface StoredIdempotencyKey {
  operationId: string;
  requestHash: string;
  state: 'in-progress' | 'completed';
  responseStatus: number | null;
  responseBody: unknown;
  responseLocation: string | null;
  lockExpired: boolean;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  location?: string;
}

// How long stored responses are kept, and how long a claim holds before another request may take
// it over (the gateway copy that made it may have stopped mid-operation).
const RETENTION = '24 hours';
const LOCK = '60 seconds';

async function run<T>(id: IdempotencyKeyId, sql: string, replacements: Record<string, unknown>, type: QueryTypes.SELECT | QueryTypes.DELETE | QueryTypes.UPDATE): Promise<T> {
  const all = { tenantId: id.scope.tenantId, clientId: id.clientId, key: id.key, ...replacements };
  return withTenant(id.scope, (transaction: Transaction) => regionDatabase(id.scope.region).query(sql, { replacements: all, type, transaction }) as Promise<T>);
}

const WHERE_KEY = 'tenant_id = :tenantId AND client_id = :clientId AND idempotency_key = :key';

// Inserts an in-progress row for the key, first dropping one older than the retention. Returns
// true when this request now owns the key.
export async function insertClaim(id: IdempotencyKeyId, operationId: string, requestHash: string): Promise<boolean> {
  await run(id, `DELETE FROM idempotency_keys WHERE ${WHERE_KEY} AND expires_at < now()`, {}, QueryTypes.DELETE);
  const inserted = await run<unknown[]>(id, `
    INSERT INTO idempotency_keys (tenant_id, client_id, idempotency_key, operation_id, request_hash, locked_until, expires_at)
    VALUES (:tenantId, :clientId, :key, :operationId, :requestHash, now() + interval '${LOCK}', now() + interval '${RETENTION}')
    ON CONFLICT DO NOTHING RETURNING 1 AS claimed`, { operationId, requestHash }, QueryTypes.SELECT);
  return inserted.length === 1;
}

export async function readKey(id: IdempotencyKeyId): Promise<StoredIdempotencyKey | undefined> {
  const rows = await run<StoredIdempotencyKey[]>(id, `
    SELECT operation_id AS "operationId", request_hash AS "requestHash", state, response_status AS "responseStatus",
      response_body AS "responseBody", response_location AS "responseLocation", locked_until < now() AS "lockExpired"
    FROM idempotency_keys WHERE ${WHERE_KEY}`, {}, QueryTypes.SELECT);
  return rows[0];
}

// Takes over an in-progress claim whose lock expired. Returns true when this request won it.
export async function takeOverExpiredClaim(id: IdempotencyKeyId): Promise<boolean> {
  const rows = await run<unknown[]>(id, `
    UPDATE idempotency_keys SET locked_until = now() + interval '${LOCK}'
    WHERE ${WHERE_KEY} AND state = 'in-progress' AND locked_until < now() RETURNING 1 AS claimed`, {}, QueryTypes.SELECT);
  return rows.length === 1;
}

export async function storeResponse(id: IdempotencyKeyId, response: StoredResponse): Promise<void> {
  await run(id, `
    UPDATE idempotency_keys SET state = 'completed', response_status = :status, response_body = CAST(:body AS jsonb), response_location = :location
    WHERE ${WHERE_KEY}`, { status: response.status, body: JSON.stringify(response.body), location: response.location ?? null }, QueryTypes.UPDATE);
}

// Frees the key after a failed operation, so the client may retry it with the same key.
export async function releaseClaim(id: IdempotencyKeyId): Promise<void> {
  await run(id, `DELETE FROM idempotency_keys WHERE ${WHERE_KEY} AND state = 'in-progress'`, {}, QueryTypes.DELETE);
}
