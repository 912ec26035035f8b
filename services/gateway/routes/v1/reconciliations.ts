import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import { requestReconciliation } from '../../../core/reconciliation-requests.ts';
import { arraySchema, objectSchema, uuidSchema } from '../../openapi/schema-parts.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// Reconciliation through the API: a POST requests a pass over the tenant's active contracts,
// which a worker runs, and a GET reads its progress and every gap it recorded.

const RECONCILIATION_COLUMNS = `id, trigger, status, contracts_checked AS "contractsChecked", contracts_matched AS "contractsMatched",
  error, started_at AS "startedAt", finished_at AS "finishedAt"`;
const GAP_COLUMNS = `contract_id AS "contractId", field, clm_value AS "clmValue", erp_value AS "erpValue"`;

const MAX_CONTRACT_IDS = 100;

// The body is optional: without one, or without contractIds, the pass covers every active contract.
const createReconciliationSchema = objectSchema({
  contractIds: {
    ...arraySchema(uuidSchema, MAX_CONTRACT_IDS),
    minItems: 1,
    uniqueItems: true,
    description: `The active contracts to compare, at most ${MAX_CONTRACT_IDS}. Omit it to compare every active contract.`,
  },
}, []);

// Rejects listed contracts that the tenant does not have or that are not active, because the
// pass would skip them without a word.
async function checkContractsActive(request: ApiRequest, contractIds: string[]): Promise<void> {
  const { tenantId, region } = request.principal;
  const rows = await withTenant({ tenantId, region }, (transaction) => regionDatabase(region).query<{ id: string; status: string }>(
    'SELECT id, status FROM contracts WHERE id IN (:contractIds) AND tenant_id = :tenantId',
    { replacements: { contractIds, tenantId }, type: QueryTypes.SELECT, transaction }));
  const statusById = new Map(rows.map((row) => [row.id, row.status]));
  const errors = contractIds.flatMap((id, index) => {
    const status = statusById.get(id);
    if (status === 'active') return [];
    const message = status === undefined ? `contract ${id} was not found` : `contract ${id} is ${status}, not active, so it has no billing schedule to compare`;
    return [{ field: `contractIds[${index}]`, message }];
  });
  if (errors.length > 0) throw problems.validation(errors);
}

async function createReconciliation(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { contractIds } = request.body as { contractIds?: string[] };
  if (contractIds) await checkContractsActive(request, contractIds);
  const id = await requestReconciliation({ tenantId, region }, 'api', contractIds);
  request.log.info({ reconciliationId: id, contracts: contractIds?.length ?? 'all active' }, 'reconciliation requested');
  return { status: 202, body: { id, status: 'running' }, location: `/v1/reconciliations/${id}` };
}

async function getReconciliation(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Reconciliation');
  const { tenantId, region } = request.principal;
  const found = await withTenant({ tenantId, region }, async (transaction) => {
    const select = <Row extends object>(sql: string) => regionDatabase(region).query<Row>(sql, { replacements: { id, tenantId }, type: QueryTypes.SELECT, transaction });
    const [reconciliation] = await select(`SELECT ${RECONCILIATION_COLUMNS} FROM reconciliations WHERE id = :id AND tenant_id = :tenantId`);
    if (!reconciliation) return null;
    const gaps = await select(`SELECT ${GAP_COLUMNS} FROM reconciliation_gaps WHERE reconciliation_id = :id AND tenant_id = :tenantId ORDER BY contract_id, field`);
    return { ...reconciliation, gaps };
  });
  if (!found) throw problems.notFound('Reconciliation');
  return { status: 200, body: found };
}

export const RECONCILIATION_ROUTES: RouteDefinition[] = [
  {
    operationId: 'createReconciliation',
    summary: 'Request a reconciliation of active contracts with their billing schedules in the ERP',
    description: 'Compares every active contract, or only those listed in contractIds. The body may be omitted.',
    method: 'post',
    path: '/reconciliations',
    scope: 'contracts:write',
    successStatus: 202,
    requestSchema: createReconciliationSchema,
    requestBodyOptional: true,
    handler: createReconciliation,
  },
  {
    operationId: 'getReconciliation',
    summary: 'Get a reconciliation with every gap it found',
    method: 'get',
    path: '/reconciliations/:id',
    scope: 'contracts:read',
    handler: getReconciliation,
  },
];
