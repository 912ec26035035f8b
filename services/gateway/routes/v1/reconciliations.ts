import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import { requestReconciliation } from '../../../core/reconciliation-requests.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// Reconciliation through the API: a POST requests a pass over the tenant's active contracts,
// which a worker runs, and a GET reads its progress and every gap it recorded.

const RECONCILIATION_COLUMNS = `id, trigger, status, contracts_checked AS "contractsChecked", contracts_matched AS "contractsMatched",
  error, started_at AS "startedAt", finished_at AS "finishedAt"`;
const GAP_COLUMNS = `contract_id AS "contractId", field, clm_value AS "clmValue", erp_value AS "erpValue"`;

async function createReconciliation(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const id = await requestReconciliation({ tenantId, region }, 'api');
  request.log.info({ reconciliationId: id }, 'reconciliation requested');
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
    summary: 'Request a reconciliation of every active contract with its billing schedule in the ERP',
    method: 'post',
    path: '/reconciliations',
    scope: 'contracts:write',
    successStatus: 202,
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
