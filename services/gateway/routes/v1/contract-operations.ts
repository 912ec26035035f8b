import { regionModels, type ContractRow } from '../../../core/models/region.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse } from '../route-table.ts';
import { loadContractParts, type ContractParts } from './contract-resource.ts';
import { checkContractRules } from './contract-rules.ts';
import { explainDuplicateExternalRef, rejectUsedExternalRef } from './external-ref.ts';
import type { ContractInput } from './contract-schemas.ts';
import { pathId } from './ids.ts';
import { pageQuery, toPage } from './pagination.ts';
import { writeContract } from './write-contract.ts';

// The contract operations on the stored rows, shared by every API version. Each version passes
// the function that presents the rows in its own shape.

// fieldOf renames a field of the stored form in error messages to the name the version uses.
export async function createContractAs<T extends { id: string; status: string }>(request: ApiRequest, input: ContractInput, present: (parts: ContractParts) => T, fieldOf?: (field: string) => string): Promise<ApiResponse> {
  checkContractRules(input, fieldOf);
  const { tenantId, region } = request.principal;
  const scope = { tenantId, region };

  let parts: ContractParts;
  try {
    parts = await withTenant(scope, async (transaction) => {
      await rejectUsedExternalRef(scope, request.apiVersion, input.externalRef, transaction);
      return writeContract(request, input, transaction);
    });
  } catch (error) {
    throw await explainDuplicateExternalRef(error, scope, request.apiVersion, input.externalRef);
  }

  const contract = present(parts);
  request.log.info({ tenantId, contractId: contract.id, status: contract.status }, 'contract created');
  return { status: 201, body: contract, location: `/${request.apiVersion}/contracts/${contract.id}` };
}

export async function getContractAs<T>(request: ApiRequest, present: (parts: ContractParts) => T): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Contract');
  const { tenantId, region } = request.principal;
  const parts = await withTenant({ tenantId, region }, (transaction) => loadContractParts(region, tenantId, id, transaction));
  if (!parts) throw problems.notFound('Contract');
  return { status: 200, body: present(parts) };
}

export async function listContractsAs<T>(request: ApiRequest, present: (row: ContractRow) => T): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { limit, cursor, status, customerId } = request.query as { limit: number; cursor?: string; status?: string; customerId?: string };
  const page = pageQuery('ASC', limit, cursor);
  const filters = { tenantId, ...(status ? { status } : {}), ...(customerId ? { customerId } : {}) };

  const rows = await withTenant({ tenantId, region }, (transaction) =>
    regionModels(region).Contract.findAll({ ...page, where: { ...page.where, ...filters }, transaction }));
  const plain = rows.map((row) => row.get({ plain: true }) as ContractRow & { cursorTime: string });
  return { status: 200, body: toPage(plain, limit, present) };
}
