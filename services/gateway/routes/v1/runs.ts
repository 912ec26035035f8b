import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import { findRunWithSteps, listRuns as selectRuns, type RunSummary } from '../../../core/workflow-runs.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';
import { runPageSchema, runSchema } from './response-schemas.ts';
import { afterCursorSql, exactTimeSql, PAGE_QUERY_PROPERTIES, toPage } from './pagination.ts';

// Workflow runs are read-only here: the workers write them. A run's input and internal state stay
// private, because they contain payloads of outside systems.

export const listRunsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY_PROPERTIES,
    status: { type: 'string', enum: ['running', 'completed', 'failed'], maxLength: 9 },
    contractId: { type: 'string', format: 'uuid', maxLength: 36 },
  },
} as const;

// The fields of a run that the API documents. The contract title and customer name the portal
// shows are left out, because v1 clients read them from the contract.
function publicRun(run: RunSummary) {
  const { id, flow, flowVersion, status, contractId, error, startedAt, finishedAt } = run;
  return { id, flow, flowVersion, status, contractId, error, startedAt, finishedAt };
}

async function getRun(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Run');
  const { tenantId, region } = request.principal;

  const found = await withTenant({ tenantId, region }, (transaction) => findRunWithSteps(region, tenantId, id, transaction));
  if (!found) throw problems.notFound('Run');
  return { status: 200, body: { ...publicRun(found.run), steps: found.steps } };
}

// Newest first, so a client polling for recent runs reads the first page only. The query reads
// one row more than the limit, so toPage can see whether another page follows.
async function listRuns(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { limit, cursor, status, contractId } = request.query as { limit: number; cursor?: string; status?: string; contractId?: string };

  const page = {
    limit: limit + 1,
    after: cursor === undefined ? undefined : afterCursorSql('started_at', 'DESC', cursor),
    cursorTimeSql: exactTimeSql('started_at'),
  };
  const rows = await withTenant({ tenantId, region }, (transaction) => selectRuns(region, tenantId, { status, contractId }, page, transaction));
  return { status: 200, body: toPage(rows as (RunSummary & { cursorTime: string })[], limit, publicRun) };
}

export const RUN_ROUTES: RouteDefinition[] = [
  { operationId: 'getRun', summary: 'Get a workflow run with its steps in order', method: 'get', path: '/runs/:id', scope: 'runs:read', responseSchema: runSchema, handler: getRun },
  { operationId: 'listRuns', summary: 'List workflow runs, newest first, by status or contract', method: 'get', path: '/runs', scope: 'runs:read', querySchema: listRunsSchema, responseSchema: runPageSchema, handler: listRuns },
];
