import { regionModels, type WorkflowRunRow, type WorkflowStepRow } from '../../../core/models/region.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';
import { PAGE_QUERY_PROPERTIES, pageQuery, toPage } from './pagination.ts';

// Workflow runs are read-only here: the workers write them. A run's input and internal state stay
// private, because they hold payloads of outside systems.
const RUN_ATTRIBUTES = ['id', 'flow', 'flowVersion', 'status', 'contractId', 'error', 'startedAt', 'finishedAt'] as const;
const STEP_ATTRIBUTES = ['position', 'name', 'status', 'attempts', 'lastError', 'startedAt', 'finishedAt'] as const;

type RunSummaryRow = Pick<WorkflowRunRow, (typeof RUN_ATTRIBUTES)[number]>;
type StepRow = Pick<WorkflowStepRow, (typeof STEP_ATTRIBUTES)[number]>;

function runSummary(row: RunSummaryRow) {
  return {
    id: row.id,
    flow: row.flow,
    flowVersion: row.flowVersion,
    status: row.status,
    contractId: row.contractId,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function stepResource(row: StepRow) {
  return {
    position: row.position,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export const listRunsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY_PROPERTIES,
    status: { type: 'string', enum: ['running', 'completed', 'failed'] },
    contractId: { type: 'string', format: 'uuid' },
  },
} as const;

async function getRun(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Run');
  const { tenantId, region } = request.principal;
  const models = regionModels(region);

  const found = await withTenant({ tenantId, region }, async (transaction) => {
    const run = await models.WorkflowRun.findOne({ where: { id, tenantId }, attributes: [...RUN_ATTRIBUTES], transaction });
    if (!run) return null;
    const steps = await models.WorkflowStep.findAll({ where: { runId: id, tenantId }, attributes: [...STEP_ATTRIBUTES], order: [['position', 'ASC']], transaction });
    return { run: run.get({ plain: true }), steps: steps.map((step) => step.get({ plain: true })) };
  });
  if (!found) throw problems.notFound('Run');
  return { status: 200, body: { ...runSummary(found.run), steps: found.steps.map(stepResource) } };
}

async function listRuns(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { limit, cursor, status, contractId } = request.query as { limit: number; cursor?: string; status?: string; contractId?: string };
  const page = pageQuery('started_at', 'DESC', limit, cursor);
  const filters = { tenantId, ...(status ? { status } : {}), ...(contractId ? { contractId } : {}) };

  const rows = await withTenant({ tenantId, region }, (transaction) =>
    regionModels(region).WorkflowRun.findAll({
      ...page,
      attributes: [...RUN_ATTRIBUTES, ...page.attributes.include],
      where: { ...page.where, ...filters },
      transaction,
    }));
  const plain = rows.map((row) => row.get({ plain: true }) as unknown as RunSummaryRow & { cursorTime: string });
  return { status: 200, body: toPage(plain, limit, runSummary) };
}

export const RUN_ROUTES: RouteDefinition[] = [
  { operationId: 'getRun', summary: 'Get a workflow run with its steps in order', method: 'get', path: '/runs/:id', scope: 'runs:read', handler: getRun },
  { operationId: 'listRuns', summary: 'List workflow runs, newest first, by status or contract', method: 'get', path: '/runs', scope: 'runs:read', querySchema: listRunsSchema, handler: listRuns },
];
