import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';
import { runPageSchema, runSchema } from './response-schemas.ts';
import { afterCursorSql, exactTimeSql, PAGE_QUERY_PROPERTIES, toPage } from './pagination.ts';

// Workflow runs are read-only here: the workers write them. A run's input and internal state stay
// private, because they contain payloads of outside systems.
// Plain SQL selects only the columns a client may see and keeps the keyset cursor condition in
// one readable statement.

const RUN_COLUMNS = `id, flow, flow_version AS "flowVersion", status, contract_id AS "contractId", error,
  started_at AS "startedAt", finished_at AS "finishedAt"`;
const STEP_COLUMNS = `position, name, status, attempts, last_error AS "lastError", started_at AS "startedAt", finished_at AS "finishedAt"`;

interface RunRow {
  id: string;
  flow: string;
  flowVersion: number;
  status: string;
  contractId: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

interface StepRow {
  position: number;
  name: string;
  status: string;
  attempts: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const listRunsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY_PROPERTIES,
    status: { type: 'string', enum: ['running', 'completed', 'failed'], maxLength: 9 },
    contractId: { type: 'string', format: 'uuid', maxLength: 36 },
  },
} as const;

async function select<Row extends object>(region: string, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return regionDatabase(region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

async function getRun(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Run');
  const { tenantId, region } = request.principal;

  const found = await withTenant({ tenantId, region }, async (transaction) => {
    const [run] = await select<RunRow>(region, transaction, `SELECT ${RUN_COLUMNS} FROM workflow_runs WHERE id = :id AND tenant_id = :tenantId`, { id, tenantId });
    if (!run) return null;
    const steps = await select<StepRow>(region, transaction,
      `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE run_id = :id AND tenant_id = :tenantId ORDER BY position`, { id, tenantId });
    return { ...run, steps };
  });
  if (!found) throw problems.notFound('Run');
  return { status: 200, body: found };
}

// Newest first, so a client polling for recent runs reads the first page only.
async function listRuns(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { limit, cursor, status, contractId } = request.query as { limit: number; cursor?: string; status?: string; contractId?: string };

  const conditions = ['tenant_id = :tenantId'];
  let replacements: Record<string, unknown> = { tenantId, limit: limit + 1 };
  if (status) conditions.push('status = :status');
  if (contractId) conditions.push('contract_id = :contractId');
  replacements = { ...replacements, ...(status ? { status } : {}), ...(contractId ? { contractId } : {}) };
  if (cursor !== undefined) {
    const after = afterCursorSql('started_at', 'DESC', cursor);
    conditions.push(after.sql);
    replacements = { ...replacements, ...after.replacements };
  }

  const sql = `SELECT ${RUN_COLUMNS}, ${exactTimeSql('started_at')} AS "cursorTime" FROM workflow_runs
    WHERE ${conditions.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT :limit`;
  const rows = await withTenant({ tenantId, region }, (transaction) => select<RunRow & { cursorTime: string }>(region, transaction, sql, replacements));
  return { status: 200, body: toPage(rows, limit, ({ cursorTime: _cursorTime, ...run }) => run) };
}

export const RUN_ROUTES: RouteDefinition[] = [
  { operationId: 'getRun', summary: 'Get a workflow run with its steps in order', method: 'get', path: '/runs/:id', scope: 'runs:read', responseSchema: runSchema, handler: getRun },
  { operationId: 'listRuns', summary: 'List workflow runs, newest first, by status or contract', method: 'get', path: '/runs', scope: 'runs:read', querySchema: listRunsSchema, responseSchema: runPageSchema, handler: listRuns },
];
