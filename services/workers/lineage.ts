import type { Transaction } from 'sequelize';
import { regionModels, type ExternalRefRow } from '../core/models/region.ts';
import { queryPrepared } from '../core/prepared.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { rememberRead, type DeliveryReads } from './flow.ts';

// External references: which id each canonical object has in each outside system, and which run
// and step made the link. Steps look here first, so a retried step reuses what it made before.

export async function findExternalRef(scope: TenantScope, objectType: string, objectId: string, system: ExternalRefRow['system']): Promise<ExternalRefRow | null> {
  return withTenant(scope, (transaction) => readExternalRef(scope, transaction, objectType, objectId, system));
}

async function readExternalRef(scope: TenantScope, transaction: Transaction, objectType: string, objectId: string, system: ExternalRefRow['system']): Promise<ExternalRefRow | null> {
  const row = await regionModels(scope.region).ExternalRef.findOne({ where: { objectType, objectId, system }, transaction });
  return row ? row.get({ plain: true }) : null;
}

// The delivery memo's key for one link.
export function externalRefKey(objectType: string, objectId: string, system: ExternalRefRow['system']): string {
  return `external-ref:${objectType}:${objectId}:${system}`;
}

// The link read once per delivery, or in the claiming transaction by a prefetch. A link another
// run adds meanwhile is missed, so a step reading it must still look the record up in the outside
// system before it creates one.
export function externalRefFor(reads: DeliveryReads, objectType: string, objectId: string, system: ExternalRefRow['system'], transaction?: Transaction): Promise<ExternalRefRow | null> {
  return rememberRead(reads, externalRefKey(objectType, objectId, system),
    (own) => readExternalRef(reads.scope, own, objectType, objectId, system), transaction);
}

export type NewExternalRef = Omit<ExternalRefRow, 'id' | 'tenantId' | 'createdAt'>;

// The outside record a step links a canonical object to, for a statement that stores both.
export type OutsideLink = Pick<NewExternalRef, 'connectorId' | 'externalId' | 'externalUrl' | 'runId'>;

const REF_COLUMNS = 'id, tenant_id, contract_id, object_type, object_id, system, connector_id, external_id, external_url, run_id, step_name';

// The statement that records the links a query selects, with columns in REF_COLUMNS order. A link
// that exists already is pointed at the new outside record only when the one it named was found
// missing (deleted in the outside system) and made again. A step that also stores the object
// puts this in the same statement as a CTE.
export function upsertExternalRefsSql(rows: string): string {
  return `INSERT INTO external_refs (${REF_COLUMNS}) ${rows}
     ON CONFLICT (tenant_id, object_type, object_id, system) DO UPDATE
       SET external_id = EXCLUDED.external_id, external_url = EXCLUDED.external_url, connector_id = EXCLUDED.connector_id,
           run_id = EXCLUDED.run_id, step_name = EXCLUDED.step_name
       WHERE external_refs.external_id <> EXCLUDED.external_id`;
}

const RECORD_REFS = upsertExternalRefsSql(`SELECT gen_random_uuid(), $1::uuid, ref."contractId", ref."objectType", ref."objectId", ref.system,
       ref."connectorId", ref."externalId", ref."externalUrl", ref."runId", ref."stepName"
     FROM jsonb_to_recordset($2::jsonb) AS ref("contractId" uuid, "objectType" text, "objectId" uuid, system text,
       "connectorId" uuid, "externalId" text, "externalUrl" text, "runId" uuid, "stepName" text)`);

// Records links in one statement. A statement may change a row once only, so of two links for
// the same object and system the later one is kept.
export async function recordExternalRefs(scope: TenantScope, transaction: Transaction, refs: NewExternalRef[]): Promise<void> {
  const unique = new Map(refs.map((ref) => [externalRefKey(ref.objectType, ref.objectId, ref.system), ref]));
  if (unique.size === 0) return;
  await queryPrepared(transaction, RECORD_REFS, [scope.tenantId, JSON.stringify([...unique.values()])]);
}

export async function recordExternalRef(scope: TenantScope, transaction: Transaction, ref: NewExternalRef): Promise<void> {
  await recordExternalRefs(scope, transaction, [ref]);
}
