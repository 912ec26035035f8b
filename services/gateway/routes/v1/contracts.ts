import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { contractSummary, presentContract } from './contract-resource.ts';
import { createContractSchema, listContractsSchema, type ContractInput } from './contract-schemas.ts';
import { createContractAs, getContractAs, listContractsAs } from './contract-operations.ts';
import { contractPageSchema, contractSchema } from './response-schemas.ts';

async function createContract(request: ApiRequest): Promise<ApiResponse> {
  return createContractAs(request, request.body as ContractInput, presentContract);
}

async function getContract(request: ApiRequest): Promise<ApiResponse> {
  return getContractAs(request, presentContract);
}

async function listContracts(request: ApiRequest): Promise<ApiResponse> {
  return listContractsAs(request, contractSummary);
}

export const CONTRACT_ROUTES: RouteDefinition[] = [
  { operationId: 'createContract', summary: 'Create a contract; status "executed" starts its activation', method: 'post', path: '/contracts', scope: 'contracts:write', requestSchema: createContractSchema, responseSchema: contractSchema, handler: createContract },
  { operationId: 'getContract', summary: 'Get a contract with its rate card, lines and milestones', method: 'get', path: '/contracts/:id', scope: 'contracts:read', responseSchema: contractSchema, handler: getContract },
  { operationId: 'listContracts', summary: 'List contracts, oldest first, by status or customer', method: 'get', path: '/contracts', scope: 'contracts:read', querySchema: listContractsSchema, responseSchema: contractPageSchema, handler: listContracts },
];
