import { regionDatabase } from '../../../core/database.ts';
import { computeKpis } from '../../../core/kpis.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';

// The tenant's contract-to-cash KPIs over the last `days` days, computed from its stored runs.

export const kpiQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    days: { type: 'integer', format: 'int32', minimum: 1, maximum: 366, default: 30 },
    amendmentSlaHours: { type: 'integer', format: 'int32', minimum: 1, maximum: 720, default: 24 },
  },
} as const;

async function getKpis(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { days, amendmentSlaHours } = request.query as { days: number; amendmentSlaHours: number };
  const kpis = await withTenant({ tenantId, region }, (transaction) => computeKpis(regionDatabase(region), tenantId, { days, amendmentSlaHours }, transaction));
  return { status: 200, body: kpis };
}

export const KPI_ROUTES: RouteDefinition[] = [
  {
    operationId: 'getKpis',
    summary: 'Get contract-to-cash KPIs computed from stored runs',
    description: 'Time from contract execution to activation, amendments synchronized within the SLA, billing exceptions caused by contract mismatch, runs finished without manual work, reconciliation accuracy and mean time to recover a failed run.',
    method: 'get',
    path: '/metrics/kpis',
    scope: 'runs:read',
    querySchema: kpiQuerySchema,
    handler: getKpis,
  },
];
