import { listContractsSchema } from '../v1/contract-schemas.ts';
import { createContractAs, getContractAs, listContractsAs } from '../v1/contract-operations.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { fieldOfV2, toStoredContractInput } from './contract-input.ts';
import { contractPageSchemaV2, contractSchemaV2, contractSummaryV2, contractV2 } from './contract-resource.ts';
import { createContractSchemaV2, type ContractInputV2 } from './contract-schemas.ts';

async function createContract(request: ApiRequest): Promise<ApiResponse> {
  return createContractAs(request, toStoredContractInput(request.body as ContractInputV2), contractV2, fieldOfV2);
}

async function getContract(request: ApiRequest): Promise<ApiResponse> {
  return getContractAs(request, contractV2);
}

async function listContracts(request: ApiRequest): Promise<ApiResponse> {
  return listContractsAs(request, contractSummaryV2);
}

export const CONTRACT_ROUTES_V2: RouteDefinition[] = [
  {
    operationId: 'createContract', summary: 'Create a contract; status "executed" starts its activation',
    description: 'Every amount is a money object in the currency of total. A time-and-materials line must name a role of the contract\'s rate card in rateCardRole.',
    method: 'post', path: '/contracts', scope: 'contracts:write', requestSchema: createContractSchemaV2, responseSchema: contractSchemaV2, handler: createContract,
  },
  { operationId: 'getContract', summary: 'Get a contract with its rate card, lines and milestones', method: 'get', path: '/contracts/:id', scope: 'contracts:read', responseSchema: contractSchemaV2, handler: getContract },
  { operationId: 'listContracts', summary: 'List contracts, oldest first, by status or customer', method: 'get', path: '/contracts', scope: 'contracts:read', querySchema: listContractsSchema, responseSchema: contractPageSchemaV2, handler: listContracts },
];
