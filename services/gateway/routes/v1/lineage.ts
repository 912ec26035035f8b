import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// The lineage of a contract: every object made from it in every outside system, each with the
// connector it lives behind and the run and step that made it, oldest first. The external
// reference rows are the record; this only reads them.

const LINK_COLUMNS = `r.object_type AS "objectType", r.object_id AS "objectId", r.system, r.connector_id AS "connectorId",
  c.slug AS "connector", c.driver, r.external_id AS "externalId", r.external_url AS "externalUrl",
  r.run_id AS "runId", w.flow, w.flow_version AS "flowVersion", r.step_name AS "stepName", r.created_at AS "createdAt"`;

const RUN_COLUMNS = `id, flow, flow_version AS "flowVersion", status, started_at AS "startedAt", finished_at AS "finishedAt"`;

async function getContractLineage(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Contract');
  const { tenantId, region } = request.principal;
  const database = regionDatabase(region);

  const lineage = await withTenant({ tenantId, region }, async (transaction) => {
    const select = <Row extends object>(sql: string) => database.query<Row>(sql, { replacements: { id, tenantId }, type: QueryTypes.SELECT, transaction });
    const [contract] = await select<{ id: string; title: string; status: string }>('SELECT id, title, status FROM contracts WHERE id = :id AND tenant_id = :tenantId');
    if (!contract) return null;
    const objects = await select(`SELECT ${LINK_COLUMNS} FROM external_refs r
      JOIN connectors c ON c.id = r.connector_id
      LEFT JOIN workflow_runs w ON w.id = r.run_id
      WHERE r.contract_id = :id AND r.tenant_id = :tenantId ORDER BY r.created_at, r.system, r.object_type`);
    const runs = await select(`SELECT ${RUN_COLUMNS} FROM workflow_runs WHERE contract_id = :id AND tenant_id = :tenantId ORDER BY started_at`);
    return { contract, objects, runs };
  });
  if (!lineage) throw problems.notFound('Contract');
  return { status: 200, body: lineage };
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
