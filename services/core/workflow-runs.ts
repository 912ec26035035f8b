import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from './database.ts';

// Reads of workflow runs and their steps, shared by the partner API and the portal. Plain SQL
// names each column, so a run's input and internal state are never selected: they contain
// payloads of outside systems. Only the workers write these tables.

export interface RunSummary {
  id: string;
  flow: string;
  flowVersion: number;
  status: string;
  contractId: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Title of the run's contract, null for a run about no contract. */
  contractTitle: string | null;
  customerName: string | null;
}

export interface RunDetail extends RunSummary {
  triggerKey: string;
}

export interface StepSummary {
  position: number;
  name: string;
  status: string;
  attempts: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunFilters {
  status?: string;
  flow?: string;
  contractId?: string;
  /** Inclusive start day, YYYY-MM-DD, in UTC. */
  from?: string;
  /** Inclusive end day, YYYY-MM-DD, in UTC. */
  to?: string;
}

/** A SQL condition with its named replacements. */
export interface SqlCondition {
  sql: string;
  replacements: Record<string, unknown>;
}

// A page of runs is either an offset (the portal's numbered pages) or a keyset position (the
// partner API's cursors). For a keyset, the caller builds the condition on (started_at, id) and
// the SQL that renders started_at for its next cursor, returned as cursorTime.
export interface RunPage {
  limit: number;
  offset?: number;
  after?: SqlCondition;
  cursorTimeSql?: string;
}

const RUN_COLUMNS = `r.id, r.flow, r.flow_version AS "flowVersion", r.status, r.contract_id AS "contractId", r.error,
  r.started_at AS "startedAt", r.finished_at AS "finishedAt", c.title AS "contractTitle", u.name AS "customerName"`;

// The run's contract and customer, for pages that name them instead of showing an id.
const CONTRACT_JOINS = `LEFT JOIN contracts c ON c.id = r.contract_id AND c.tenant_id = r.tenant_id
  LEFT JOIN customers u ON u.id = c.customer_id AND u.tenant_id = r.tenant_id`;

const STEP_COLUMNS = `position, name, status, attempts, last_error AS "lastError", started_at AS "startedAt", finished_at AS "finishedAt"`;

// Each filter adds one condition. The dates are whole UTC days, both inclusive.
function filterConditions(filters: RunFilters): string[] {
  const conditions = ['tenant_id = :tenantId'];
  if (filters.status) conditions.push('status = :status');
  if (filters.flow) conditions.push('flow = :flow');
  if (filters.contractId) conditions.push('contract_id = :contractId');
  if (filters.from) conditions.push("started_at >= (:from)::date AT TIME ZONE 'UTC'");
  if (filters.to) conditions.push("started_at < ((:to)::date + 1) AT TIME ZONE 'UTC'");
  return conditions;
}

// Lists runs newest first; the id breaks ties between runs that started in the same microsecond.
// The inner query reads workflow_runs alone, so the filters and the caller's keyset SQL can name
// its columns without an alias. The joins for contract and customer names apply after the limit.
export async function listRuns(region: string, tenantId: string, filters: RunFilters, page: RunPage, transaction: Transaction): Promise<(RunSummary & { cursorTime?: string })[]> {
  const conditions = filterConditions(filters);
  if (page.after) conditions.push(page.after.sql);
  const cursorColumn = page.cursorTimeSql ? `, ${page.cursorTimeSql} AS "cursorTime"` : '';

  const sql = `SELECT ${RUN_COLUMNS}${cursorColumn ? ', r."cursorTime"' : ''}
    FROM (
      SELECT id, tenant_id, flow, flow_version, status, contract_id, error, started_at, finished_at${cursorColumn}
      FROM workflow_runs WHERE ${conditions.join(' AND ')}
      ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset
    ) r ${CONTRACT_JOINS}
    ORDER BY r.started_at DESC, r.id DESC`;
  const replacements = { tenantId, ...filters, ...page.after?.replacements, limit: page.limit, offset: page.offset ?? 0 };
  return regionDatabase(region).query(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

// The flows this tenant has runs of, for a filter's choices.
export async function listFlowNames(region: string, tenantId: string, transaction: Transaction): Promise<string[]> {
  const rows = await regionDatabase(region).query<{ flow: string }>(
    'SELECT DISTINCT flow FROM workflow_runs WHERE tenant_id = :tenantId ORDER BY flow',
    { replacements: { tenantId }, type: QueryTypes.SELECT, transaction },
  );
  return rows.map((row) => row.flow);
}

// Reads one run with its steps in position order, or returns null when the tenant has no such run.
export async function findRunWithSteps(region: string, tenantId: string, runId: string, transaction: Transaction): Promise<{ run: RunDetail; steps: StepSummary[] } | null> {
  const database = regionDatabase(region);
  const replacements = { tenantId, runId };
  const [run] = await database.query<RunDetail>(
    `SELECT ${RUN_COLUMNS}, r.trigger_key AS "triggerKey" FROM workflow_runs r ${CONTRACT_JOINS} WHERE r.tenant_id = :tenantId AND r.id = :runId`,
    { replacements, type: QueryTypes.SELECT, transaction },
  );
  if (!run) return null;

  const steps = await database.query<StepSummary>(
    `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE tenant_id = :tenantId AND run_id = :runId ORDER BY position`,
    { replacements, type: QueryTypes.SELECT, transaction },
  );
  return { run, steps };
}
