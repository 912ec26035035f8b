import { readContractLineage, type ContractLineageRecords } from '../../../core/lineage.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// The lineage of a contract: every object made from it in every outside system, each with the
// connector it lives behind and the run and step that made it, oldest first. The external
// reference rows are the record; this only reads them.

// The API lists only links made for this contract. A customer link that another contract made
// first belongs to that contract's lineage.
function presentLineage({ contract, refs, runs }: ContractLineageRecords) {
  return {
    contract: { id: contract.id, title: contract.title, status: contract.status },
    objects: refs.filter((ref) => ref.contractId === contract.id).map(({ contractId: _contractId, ...ref }) => ref),
    runs,
  };
}

async function getContractLineage(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Contract');
  const { tenantId, region } = request.principal;

  const records = await withTenant({ tenantId, region }, (transaction) => readContractLineage(region, tenantId, id, transaction));
  if (!records) throw problems.notFound('Contract');
  return { status: 200, body: presentLineage(records) };
}

export const LINEAGE_ROUTES: RouteDefinition[] = [
  {
    operationId: 'getContractLineage',
    summary: 'List every object made from a contract, in every system, with the run and step that made it',
    method: 'get',
    path: '/contracts/:id/lineage',
    scope: 'contracts:read',
    handler: getContractLineage,
  },
];
