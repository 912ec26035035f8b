import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';

// Reads of workflow exceptions, the failures an admin must retry, replay or resolve.

export interface ExceptionSummary {
  id: string;
  runId: string;
  flow: string;
  contractId: string | null;
  stepName: string;
  error: string;
  suggestedAction: string;
  status: 'open' | 'resolved';
  resolutionNote: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

const COLUMNS = `e.id, e.run_id AS "runId", r.flow, r.contract_id AS "contractId", e.step_name AS "stepName", e.error,
  e.suggested_action AS "suggestedAction", e.status, e.resolution_note AS "resolutionNote",
  e.created_at AS "createdAt", e.resolved_at AS "resolvedAt"`;

// Open exceptions first by default, newest first within each status.
export async function listExceptions(region: string, tenantId: string, status: 'open' | 'resolved' | undefined, page: { limit: number; offset: number }, transaction: Transaction): Promise<ExceptionSummary[]> {
  return regionDatabase(region).query<ExceptionSummary>(
    `SELECT ${COLUMNS} FROM workflow_exceptions e JOIN workflow_runs r ON r.id = e.run_id
     WHERE e.tenant_id = :tenantId ${status ? 'AND e.status = :status' : ''}
     ORDER BY e.status = 'open' DESC, e.created_at DESC, e.id DESC LIMIT :limit OFFSET :offset`,
    { replacements: { tenantId, status: status ?? null, ...page }, type: QueryTypes.SELECT, transaction },
  );
}

export async function exceptionsOfRun(region: string, tenantId: string, runId: string, transaction: Transaction): Promise<ExceptionSummary[]> {
  return regionDatabase(region).query<ExceptionSummary>(
    `SELECT ${COLUMNS} FROM workflow_exceptions e JOIN workflow_runs r ON r.id = e.run_id
     WHERE e.tenant_id = :tenantId AND e.run_id = :runId ORDER BY e.created_at DESC`,
    { replacements: { tenantId, runId }, type: QueryTypes.SELECT, transaction },
  );
}

export async function findException(region: string, tenantId: string, exceptionId: string, transaction: Transaction): Promise<ExceptionSummary | null> {
  const [row] = await regionDatabase(region).query<ExceptionSummary>(
    `SELECT ${COLUMNS} FROM workflow_exceptions e JOIN workflow_runs r ON r.id = e.run_id WHERE e.tenant_id = :tenantId AND e.id = :exceptionId`,
    { replacements: { tenantId, exceptionId }, type: QueryTypes.SELECT, transaction },
  );
  return row ?? null;
}
