import type { Transaction } from 'sequelize';
import { API_SOURCE } from '../../../core/canonical.ts';
import { regionModels } from '../../../core/models/region.ts';
import { isUniqueViolation } from '../../../core/prepared.ts';
import { Problem } from '../../../core/problem.ts';
import { withTenant, type TenantScope } from '../../../core/tenancy.ts';

// A contract's externalRef is the client's own reference for it. It is stored as the contract's
// source_ref with source "api", so the unique index on (tenant_id, source, source_ref) allows one
// contract per reference and tenant. A retried POST without an Idempotency-Key then gets a 409
// naming the stored contract instead of creating, and billing, the contract twice.

// Advice for the documents of every version. Both ways stay optional for compatibility.
export const CONTRACT_RETRY_ADVICE = 'When creating a contract, send an Idempotency-Key header, an externalRef in the body, or both. Without either, a retried POST creates, and bills, a second contract.';

// The externalRef of a stored contract. A contract from a CLM keeps the CLM's id in source_ref,
// which is not a reference the client chose, so it shows none.
export function externalRefOf(row: { source: string; sourceRef: string | null }): string | null {
  return row.source === API_SOURCE ? row.sourceRef : null;
}

function duplicateContract(apiVersion: string, contractId: string): Problem {
  return new Problem(409, 'duplicate-external-ref', `A contract with this externalRef already exists: ${contractId}. Read it at /${apiVersion}/contracts/${contractId} instead of creating it again, or send another externalRef.`, { contractId });
}

async function findByExternalRef(scope: TenantScope, externalRef: string, transaction: Transaction): Promise<string | undefined> {
  const row = await regionModels(scope.region).Contract.findOne({
    where: { tenantId: scope.tenantId, source: API_SOURCE, sourceRef: externalRef },
    attributes: ['id'],
    transaction,
  });
  return row?.get('id') as string | undefined;
}

// Rejects a contract whose externalRef the tenant already used. Call inside the write's transaction.
export async function rejectUsedExternalRef(scope: TenantScope, apiVersion: string, externalRef: string | undefined, transaction: Transaction): Promise<void> {
  if (externalRef === undefined) return;
  const existing = await findByExternalRef(scope, externalRef, transaction);
  if (existing) throw duplicateContract(apiVersion, existing);
}

// Turns the unique violation of a concurrent POST with the same externalRef, which the check
// above cannot see before the other transaction commits, into the same 409. Other errors pass.
export async function explainDuplicateExternalRef(error: unknown, scope: TenantScope, apiVersion: string, externalRef: string | undefined): Promise<unknown> {
  if (externalRef === undefined || !isUniqueViolation(error)) return error;
  const existing = await withTenant(scope, (transaction) => findByExternalRef(scope, externalRef, transaction));
  return existing ? duplicateContract(apiVersion, existing) : error;
}
