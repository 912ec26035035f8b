import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';
import type { RunFilters } from '../forms/run-filters.ts';

// Reads of workflow runs and steps for the runs pages, in SQL with explicit column names, so the
// pages select only the columns they show and need no model mapping.

export interface RunSummary {
  id: string;
  flow: string;
  flowVersion: number;
  contractId: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface RunDetail extends RunSummary {
  triggerKey: string;
  error: string | null;
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

const RUN_COLUMNS = `id, flow, flow_version AS "flowVersion", contract_id AS "contractId", status,
  started_at AS "startedAt", finished_at AS "finishedAt"`;

// Newest first; the id breaks ties between runs that started in the same microsecond. Each
// filter adds one condition; the dates are whole UTC days, both inclusive.
export async function listRuns(region: string, tenantId: string, filters: RunFilters, page: { limit: number; offset: number }, transaction: Transaction): Promise<RunSummary[]> {
  const conditions = ['tenant_id = :tenantId'];
  if (filters.status) conditions.push('status = :status');
  if (filters.flow) conditions.push('flow = :flow');
  if (filters.contractId) conditions.push('contract_id = :contractId');
  if (filters.from) conditions.push("started_at >= (:from)::date AT TIME ZONE 'UTC'");
  if (filters.to) conditions.push("started_at < ((:to)::date + 1) AT TIME ZONE 'UTC'");

  return regionDatabase(region).query<RunSummary>(
    `SELECT ${RUN_COLUMNS} FROM workflow_runs WHERE ${conditions.join(' AND ')}
     ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset`,
    { replacements: { tenantId, ...filters, ...page }, type: QueryTypes.SELECT, transaction },
  );
}

// The flows this tenant has runs of, for the filter's choices.
export async function listFlowNames(region: string, tenantId: string, transaction: Transaction): Promise<string[]> {
  const rows = await regionDatabase(region).query<{ flow: string }>(
    'SELECT DISTINCT flow FROM workflow_runs WHERE tenant_id = :tenantId ORDER BY flow',
    { replacements: { tenantId }, type: QueryTypes.SELECT, transaction },
  );
  return rows.map((row) => row.flow);
}

export async function findRunWithSteps(region: string, tenantId: string, runId: string, transaction: Transaction): Promise<{ run: RunDetail; steps: StepSummary[] } | null> {
  const database = regionDatabase(region);
  const [run] = await database.query<RunDetail>(
    `SELECT ${RUN_COLUMNS}, trigger_key AS "triggerKey", error FROM workflow_runs WHERE tenant_id = :tenantId AND id = :runId`,
    { replacements: { tenantId, runId }, type: QueryTypes.SELECT, transaction },
  );
  if (!run) return null;

  const steps = await database.query<StepSummary>(
    `SELECT position, name, status, attempts, last_error AS "lastError", started_at AS "startedAt", finished_at AS "finishedAt"
     FROM workflow_steps WHERE tenant_id = :tenantId AND run_id = :runId ORDER BY position`,
    { replacements: { tenantId, runId }, type: QueryTypes.SELECT, transaction },
  );
  return { run, steps };
}
