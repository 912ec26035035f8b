import { regionModels, type ContractRow } from '../../../core/models/region.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { contractSummary, loadContract } from './contract-resource.ts';
import { checkContractRules } from './contract-rules.ts';
import { createContractSchema, listContractsSchema, type ContractInput } from './contract-schemas.ts';
import { pathId } from './ids.ts';
import { pageQuery, toPage } from './pagination.ts';
import { writeContract } from './write-contract.ts';

async function createContract(request: ApiRequest): Promise<ApiResponse> {
  const input = request.body as ContractInput;
  checkContractRules(input);
  const { tenantId, region } = request.principal;

  const contract = await withTenant({ tenantId, region }, async (transaction) => {
    const id = await writeContract(request, input, transaction);
    return loadContract(region, tenantId, id, transaction);
  });
  if (!contract) throw new Error('A contract written in this transaction could not be read back.');

  request.log.info({ tenantId, contractId: contract.id, status: contract.status }, 'contract created');
  return { status: 201, body: contract, location: `/v1/contracts/${contract.id}` };
}

async function getContract(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Contract');
  const { tenantId, region } = request.principal;
  const contract = await withTenant({ tenantId, region }, (transaction) => loadContract(region, tenantId, id, transaction));
  if (!contract) throw problems.notFound('Contract');
  return { status: 200, body: contract };
}

async function listContracts(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { limit, cursor, status, customerId } = request.query as { limit: number; cursor?: string; status?: string; customerId?: string };
  const page = pageQuery('ASC', limit, cursor);
  const filters = { tenantId, ...(status ? { status } : {}), ...(customerId ? { customerId } : {}) };

  const rows = await withTenant({ tenantId, region }, (transaction) =>
    regionModels(region).Contract.findAll({ ...page, where: { ...page.where, ...filters }, transaction }));
  const plain = rows.map((row) => row.get({ plain: true }) as ContractRow & { cursorTime: string });
  return { status: 200, body: toPage(plain, limit, contractSummary) };
}

export const CONTRACT_ROUTES: RouteDefinition[] = [
  { operationId: 'createContract', summary: 'Create a contract; status "executed" starts its activation', method: 'post', path: '/contracts', scope: 'contracts:write', requestSchema: createContractSchema, handler: createContract },
  { operationId: 'getContract', summary: 'Get a contract with its rate card, lines and milestones', method: 'get', path: '/contracts/:id', scope: 'contracts:read', handler: getContract },
  { operationId: 'listContracts', summary: 'List contracts, oldest first, by status or customer', method: 'get', path: '/contracts', scope: 'contracts:read', querySchema: listContractsSchema, handler: listContracts },
];
