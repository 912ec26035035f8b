import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import type { WorkflowExceptionRow, WorkflowRunRow, WorkflowStepRow } from '../core/models/region.ts';
import { enqueueEvent } from '../core/outbox.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { planReplay, type ReplayPlan } from './replay-plan.ts';
import { RESUME_REQUESTED, type ResumeRequestedData } from './trigger-events.ts';

// What an admin can do to a stopped run, from the API or the portal: retry its failed step, replay
// it from a chosen step, or resolve an exception with a note. Each action commits its state change,
// its audit record and a `workflow.resume-requested` event in one transaction, and a worker drives
// the run from there, so the action itself calls no outside system.

export const RUN_ACTIONS_SOURCE = 'urn:throughline:run-actions';

export class RunActionError extends Error {
  constructor(readonly kind: 'not-found' | 'conflict' | 'invalid', message: string) {
    super(message);
    this.name = 'RunActionError';
  }
}

export interface Actor {
  // Identity of the requester: an API client id or a portal user's email.
  id: string;
  requestId?: string;
}

async function query<Row extends object>(scope: TenantScope, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return regionDatabase(scope.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

async function lockRun(scope: TenantScope, transaction: Transaction, runId: string): Promise<{ run: WorkflowRunRow; steps: WorkflowStepRow[] }> {
  const [run] = await query<WorkflowRunRow>(scope, transaction,
    `SELECT id, flow, flow_version AS "flowVersion", status, contract_id AS "contractId", trigger_event_id AS "triggerEventId", state
     FROM workflow_runs WHERE id = :runId FOR UPDATE`, { runId });
  if (!run) throw new RunActionError('not-found', `Run ${runId} was not found.`);
  const steps = await query<WorkflowStepRow>(scope, transaction,
    'SELECT id, position, name, status, attempts FROM workflow_steps WHERE run_id = :runId ORDER BY position', { runId });
  return { run, steps };
}

// Sets steps back to pending with a fresh attempt budget, drops their outputs from the run state,
// reopens the run, closes its open exceptions as superseded, audits the action and enqueues the
// event that makes a worker resume it. Returns the id of that event.
async function reopenRun(scope: TenantScope, transaction: Transaction, run: WorkflowRunRow, stepNames: string[], actor: Actor, action: ResumeRequestedData['action']): Promise<string> {
  await query(scope, transaction,
    `UPDATE workflow_steps SET status = 'pending', attempts = 0, output = NULL, started_at = NULL, finished_at = NULL
     WHERE run_id = :runId AND name IN (:names) RETURNING id`, { runId: run.id, names: stepNames });
  await query(scope, transaction,
    `UPDATE workflow_runs SET status = 'running', error = NULL, finished_at = NULL, state = state - ARRAY[:names]::text[], lease_takeovers = 0
     WHERE id = :runId RETURNING id`, { runId: run.id, names: stepNames });
  await query(scope, transaction,
    `UPDATE workflow_exceptions SET status = 'resolved', resolved_at = now(), resolution_note = :note
     WHERE run_id = :runId AND status = 'open' RETURNING id`, { runId: run.id, note: `Superseded: ${actor.id} requested a ${action} of the run.` });
  await query(scope, transaction,
    `INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
     VALUES (:tenantId, :actor, :operation, 'workflow-run', :runId, :requestId) RETURNING id`,
    { tenantId: scope.tenantId, actor: actor.id, operation: action, runId: run.id, requestId: actor.requestId ?? null });

  const event = await enqueueEvent<ResumeRequestedData>(transaction, {
    type: RESUME_REQUESTED,
    source: RUN_ACTIONS_SOURCE,
    subject: run.id,
    tenant: scope.tenantId,
    region: scope.region,
    data: { runId: run.id, requestedBy: actor.id, action },
  });
  return event.id;
}

export interface RetryResult {
  runId: string;
  flowVersion: number;
  retriedSteps: string[];
  eventId: string;
}

// Retries a failed run: the failed step and any step whose effect compensation undid run again,
// and the steps already done keep their outputs.
export async function retryRun(scope: TenantScope, runId: string, actor: Actor): Promise<RetryResult> {
  return withTenant(scope, async (transaction) => {
    const { run, steps } = await lockRun(scope, transaction, runId);
    if (run.status !== 'failed') throw new RunActionError('conflict', `Run ${runId} is ${run.status}; only a failed run can be retried. Use replay to run a completed one again.`);

    const retried = steps.filter((step) => step.status !== 'done').map((step) => step.name);
    const eventId = await reopenRun(scope, transaction, run, retried, actor, 'retry');
    return { runId, flowVersion: run.flowVersion, retriedSteps: retried, eventId };
  });
}

export interface ReplayResult {
  plan: ReplayPlan;
  // Absent for a dry run, which changes nothing.
  eventId?: string;
}

// Replays a failed or completed run from a chosen step on the flow version it started on. Steps
// whose outside record already exists are skipped, so a replay never makes a second one. With
// dryRun it only returns the plan.
export async function replayRun(scope: TenantScope, runId: string, fromStep: string, actor: Actor, options: { dryRun: boolean }): Promise<ReplayResult> {
  return withTenant(scope, async (transaction) => {
    const { run, steps } = await lockRun(scope, transaction, runId);
    const plan = await planReplay(scope, transaction, run, steps, fromStep);
    if (typeof plan === 'string') throw new RunActionError('invalid', plan);
    if (options.dryRun) return { plan };
    if (run.status === 'running') throw new RunActionError('conflict', `Run ${runId} is still running; wait until it completes or fails, then replay it.`);

    const rerun = plan.steps.filter((step) => step.action === 'run').map((step) => step.name);
    const eventId = await reopenRun(scope, transaction, run, rerun, actor, 'replay');
    return { plan, eventId };
  });
}

// Closes an exception with the admin's note, for a failure handled outside the platform. The run
// stays failed.
export async function resolveException(scope: TenantScope, exceptionId: string, note: string, actor: Actor): Promise<WorkflowExceptionRow> {
  return withTenant(scope, async (transaction) => {
    const [updated] = await query<WorkflowExceptionRow>(scope, transaction,
      `UPDATE workflow_exceptions SET status = 'resolved', resolved_at = now(), resolution_note = :note
       WHERE id = :exceptionId AND status = 'open' RETURNING ${EXCEPTION_COLUMNS}`, { exceptionId, note: `${note} (${actor.id})` });
    if (updated) {
      await query(scope, transaction,
        `INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
         VALUES (:tenantId, :actor, 'resolve', 'workflow-exception', :exceptionId, :requestId) RETURNING id`,
        { tenantId: scope.tenantId, actor: actor.id, exceptionId, requestId: actor.requestId ?? null });
      return updated;
    }
    const [existing] = await query<WorkflowExceptionRow>(scope, transaction, `SELECT ${EXCEPTION_COLUMNS} FROM workflow_exceptions WHERE id = :exceptionId`, { exceptionId });
    if (!existing) throw new RunActionError('not-found', `Exception ${exceptionId} was not found.`);
    throw new RunActionError('conflict', `Exception ${exceptionId} was already resolved at ${new Date(existing.resolvedAt!).toISOString()}.`);
  });
}

export const EXCEPTION_COLUMNS = `id, run_id AS "runId", step_name AS "stepName", error, payload_ref AS "payloadRef",
  suggested_action AS "suggestedAction", status, resolution_note AS "resolutionNote", created_at AS "createdAt", resolved_at AS "resolvedAt"`;

// Exceptions of the tenant, newest first, optionally only open ones or one run's.
export async function listExceptions(scope: TenantScope, filter: { status?: 'open' | 'resolved'; runId?: string; limit: number }): Promise<WorkflowExceptionRow[]> {
  return withTenant(scope, (transaction) => query<WorkflowExceptionRow>(scope, transaction,
    `SELECT ${EXCEPTION_COLUMNS} FROM workflow_exceptions
     WHERE (CAST(:status AS text) IS NULL OR status = :status) AND (CAST(:runId AS uuid) IS NULL OR run_id = CAST(:runId AS uuid))
     ORDER BY created_at DESC, id DESC LIMIT :limit`,
    { status: filter.status ?? null, runId: filter.runId ?? null, limit: filter.limit }));
}
