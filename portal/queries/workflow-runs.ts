import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';

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

// Newest first; the id breaks ties between runs that started in the same microsecond.
export async function listRuns(region: string, tenantId: string, page: { limit: number; offset: number }, transaction: Transaction): Promise<RunSummary[]> {
  return regionDatabase(region).query<RunSummary>(
    `SELECT ${RUN_COLUMNS} FROM workflow_runs WHERE tenant_id = :tenantId
     ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset`,
    { replacements: { tenantId, ...page }, type: QueryTypes.SELECT, transaction },
  );
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
