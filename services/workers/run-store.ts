import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import { regionModels, type WorkflowRunRow, type WorkflowStepRow } from '../core/models/region.ts';
import { queryPrepared, StatementValues } from '../core/prepared.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import type { StepResult } from './flow.ts';
import { recordHandledSql } from './inbox.ts';

// Persistence of workflow runs and their steps. Progress commits in as few transactions as
// crash safety allows. A step that calls an outside system commits its "running" mark (its
// attempt count) before the call, and the "done" marks of the steps before it go in that same
// transaction. A worker that dies mid-run leaves a run that resumes from its last committed step.

const RUN_COLUMNS = `id, tenant_id AS "tenantId", flow, flow_version AS "flowVersion", trigger_key AS "triggerKey",
  trigger_event_id AS "triggerEventId", contract_id AS "contractId", status, input, state, error,
  lease_owner AS "leaseOwner", lease_until AS "leaseUntil", lease_takeovers AS "leaseTakeovers", started_at AS "startedAt",
  finished_at AS "finishedAt"`;
const STEP_COLUMNS = `id, tenant_id AS "tenantId", run_id AS "runId", position, name, status, attempts,
  last_error AS "lastError", output, started_at AS "startedAt", finished_at AS "finishedAt", called_at AS "calledAt"`;

export interface NewRun {
  flow: string;
  flowVersion: number;
  triggerKey: string;
  triggerEventId: string;
  input: unknown;
  stepNames: string[];
}

export interface Lease {
  owner: string;
  ms: number;
}

// A run as a consumer found it: leased to this consumer, or busy until leaseUntil.
export type ClaimedRun =
  | { leased: true; run: WorkflowRunRow; steps: WorkflowStepRow[] }
  | { leased: false; run: WorkflowRunRow; retryInMs: number };

async function select<Row extends object>(scope: TenantScope, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return regionDatabase(scope.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

async function execute(scope: TenantScope, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<void> {
  await regionDatabase(scope.region).query(sql, { replacements, transaction });
}

// Creates the run, leased to this consumer, and its pending steps in one statement, unless the
// trigger event was handled or already has a run, so a replayed event never starts a second run.
// Returns the new run with its steps, or undefined when nothing was made.
async function insertLeasedRun(scope: TenantScope, transaction: Transaction, consumer: string, run: NewRun, lease: Lease): Promise<{ run: WorkflowRunRow; steps: WorkflowStepRow[] } | undefined> {
  const id = randomUUID();
  const rows = await queryPrepared<WorkflowStepRow & { runStartedAt: Date; runLeaseUntil: Date }>(transaction,
    `WITH handled AS (SELECT 1 FROM inbox WHERE consumer = $1 AND message_id = $2),
     new_run AS (
       INSERT INTO workflow_runs (id, tenant_id, flow, flow_version, trigger_key, trigger_event_id, input, lease_owner, lease_until)
       SELECT $3::uuid, $4::uuid, $5, $6::integer, $7, $8::uuid, $9::jsonb, $10, now() + make_interval(secs => $11::integer / 1000.0)
       WHERE NOT EXISTS (SELECT 1 FROM handled)
       ON CONFLICT (tenant_id, flow, trigger_key) DO NOTHING RETURNING id, started_at, lease_until),
     new_steps AS (
       INSERT INTO workflow_steps (id, tenant_id, run_id, position, name)
       SELECT gen_random_uuid(), $4::uuid, new_run.id, step.ordinality - 1, step.name
       FROM new_run, unnest($12::text[]) WITH ORDINALITY AS step(name, ordinality)
       RETURNING ${STEP_COLUMNS})
     SELECT new_steps.*, new_run.started_at AS "runStartedAt", new_run.lease_until AS "runLeaseUntil"
     FROM new_steps JOIN new_run ON new_run.id = new_steps."runId" ORDER BY new_steps.position`,
    [consumer, run.triggerEventId, id, scope.tenantId, run.flow, run.flowVersion, run.triggerKey, run.triggerEventId, JSON.stringify(run.input), lease.owner, lease.ms, run.stepNames]);
  const [first] = rows;
  if (!first) return undefined;

  const steps = rows.map(({ runStartedAt: _started, runLeaseUntil: _leaseUntil, ...step }) => step);
  return {
    run: {
      id, tenantId: scope.tenantId, flow: run.flow, flowVersion: run.flowVersion, triggerKey: run.triggerKey, triggerEventId: run.triggerEventId,
      contractId: null, status: 'running', input: run.input, state: {}, error: null,
      leaseOwner: lease.owner, leaseUntil: first.runLeaseUntil, leaseTakeovers: 0, startedAt: first.runStartedAt, finishedAt: null,
    },
    steps,
  };
}

// Takes the run's lease inside the caller's transaction unless another live consumer holds it,
// then reads the run and, when leased, its steps. Lease times are the database's clock. A lease
// that ran out without being given back belonged to a worker that stopped mid-run, so taking it
// over counts in lease_takeovers.
async function claimIn(scope: TenantScope, transaction: Transaction, where: { id?: string; flow?: string; triggerKey?: string }, lease: Lease): Promise<ClaimedRun | undefined> {
  const match = where.id ? 'id = :id' : 'flow = :flow AND trigger_key = :triggerKey';
  const replacements = { id: where.id ?? null, flow: where.flow ?? null, triggerKey: where.triggerKey ?? null, owner: lease.owner, ms: lease.ms };
  const taken = await select<WorkflowRunRow>(scope, transaction,
    `UPDATE workflow_runs SET lease_owner = :owner, lease_until = now() + make_interval(secs => :ms / 1000.0),
       lease_takeovers = lease_takeovers + CASE WHEN lease_owner IS NOT NULL AND lease_owner <> :owner THEN 1 ELSE 0 END
     WHERE ${match} AND status = 'running' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = :owner)
     RETURNING ${RUN_COLUMNS}`, replacements);
  if (taken[0]) {
    const steps = await select<WorkflowStepRow>(scope, transaction, `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE run_id = :runId ORDER BY position`, { runId: taken[0].id });
    return { leased: true, run: taken[0], steps };
  }

  const [run] = await select<WorkflowRunRow & { leftMs: number }>(scope, transaction,
    `SELECT ${RUN_COLUMNS}, GREATEST(0, EXTRACT(EPOCH FROM (lease_until - now())) * 1000)::integer AS "leftMs" FROM workflow_runs WHERE ${match}`, replacements);
  if (!run) return undefined;
  return { leased: false, run, retryInMs: run.leftMs };
}

// Reads made in the claiming transaction once the run is leased, such as a flow's prefetch.
export type ClaimReads = (transaction: Transaction, run: WorkflowRunRow) => Promise<void>;

// Starts or resumes the run of a trigger event in one transaction: the inbox check, the run (made
// on first delivery), the lease and, once leased, the caller's reads. Returns 'handled' when the
// inbox already has the event.
export async function startRun(scope: TenantScope, consumer: string, run: NewRun, lease: Lease, reads?: ClaimReads): Promise<ClaimedRun | 'handled'> {
  return withTenant(scope, async (transaction) => {
    const created = await insertLeasedRun(scope, transaction, consumer, run, lease);
    if (created) {
      await reads?.(transaction, created.run);
      return { leased: true, ...created };
    }

    // A redelivered event: it was handled, or its run exists from an earlier delivery.
    const handled = await select(scope, transaction, 'SELECT 1 FROM inbox WHERE consumer = :consumer AND message_id = :messageId', { consumer, messageId: run.triggerEventId });
    if (handled.length > 0) return 'handled';
    const claimed = await claimIn(scope, transaction, { flow: run.flow, triggerKey: run.triggerKey }, lease);
    if (!claimed) throw new Error(`Workflow run for trigger ${run.triggerKey} vanished after it was written.`);
    if (claimed.leased) await reads?.(transaction, claimed.run);
    return claimed;
  });
}

// Takes the lease of an existing run, for a resume requested by an admin, then makes the caller's
// reads. Undefined when the run does not exist for this tenant.
export async function claimRun(scope: TenantScope, runId: string, lease: Lease, reads?: ClaimReads): Promise<ClaimedRun | undefined> {
  return withTenant(scope, async (transaction) => {
    const claimed = await claimIn(scope, transaction, { id: runId }, lease);
    if (claimed?.leased) await reads?.(transaction, claimed.run);
    return claimed;
  });
}

// Extends the lease while the run is worked on. Returns false when another consumer took it over.
export async function renewLease(scope: TenantScope, runId: string, lease: Lease): Promise<boolean> {
  return withTenant(scope, async (transaction) => {
    const rows = await select(scope, transaction,
      `UPDATE workflow_runs SET lease_until = now() + make_interval(secs => :ms / 1000.0)
       WHERE id = :runId AND lease_owner = :owner RETURNING id`, { runId, owner: lease.owner, ms: lease.ms });
    return rows.length === 1;
  });
}

export async function releaseLease(scope: TenantScope, runId: string, owner: string): Promise<void> {
  await withTenant(scope, (transaction) => execute(scope, transaction,
    'UPDATE workflow_runs SET lease_owner = NULL, lease_until = NULL WHERE id = :runId AND lease_owner = :owner', { runId, owner }));
}

export interface DoneMark {
  step: WorkflowStepRow;
  attempts: number;
  result: StepResult;
}

export interface Progress {
  done: DoneMark[];
  // The next step, marked running with its attempt count before it calls an outside system, only
  // while leaseOwner still holds the run's lease.
  running?: { step: WorkflowStepRow; attempts: number; leaseOwner: string };
  failed?: { step: WorkflowStepRow; attempts: number; error: string; final: boolean };
  // Marks the run completed and releases its lease.
  complete?: boolean;
  // The message whose handling this progress finishes, recorded in the consumer's inbox.
  handled?: { consumer: string; messageId: string };
}

const COMPLETED = `, status = 'completed', error = NULL, finished_at = now(), lease_owner = NULL, lease_until = NULL`;

// Commits a batch of progress in the caller's transaction: each done step's own writes, then one
// statement with the done marks, their outputs (added to the run state), the running or failed
// mark and the completion. One statement is one round trip, and a run makes one such commit per
// outside call. Returns the outputs by step name.
async function writeProgress(scope: TenantScope, transaction: Transaction, runId: string, progress: Progress): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const { step, result } of progress.done) {
    if ('persist' in result) {
      outputs[step.name] = (await result.persist(transaction)) ?? null;
      continue;
    }
    await result.writes?.(transaction);
    outputs[step.name] = result.output ?? null;
  }

  const marks = progress.done.map(({ step, attempts }) => ({ id: step.id, attempts, output: outputs[step.name] }));
  const contractId = progress.done.map(({ result }) => ('runContractId' in result ? result.runContractId : undefined)).find(Boolean);
  const values = new StatementValues();
  const parts: string[] = [];
  if (marks.length > 0) {
    parts.push(`done_marks AS (UPDATE workflow_steps AS step SET status = 'done', attempts = mark.attempts, output = mark.output,
       started_at = COALESCE(step.started_at, now()), finished_at = now()
     FROM jsonb_to_recordset(${values.add(JSON.stringify(marks))}::jsonb) AS mark(id uuid, attempts integer, output jsonb) WHERE step.id = mark.id RETURNING step.id)`);
  }
  // The run row is updated once, because a statement cannot change one row twice.
  if (marks.length > 0 || progress.complete) {
    const linked = contractId ? `, contract_id = ${values.add(contractId)}::uuid` : '';
    parts.push(`run_update AS (UPDATE workflow_runs SET state = state || ${values.add(JSON.stringify(outputs))}::jsonb${linked}${progress.complete ? COMPLETED : ''}
     WHERE id = ${values.add(runId)}::uuid RETURNING id)`);
  }
  if (progress.handled) {
    parts.push(`handled AS (${recordHandledSql(values, scope, progress.handled.consumer, progress.handled.messageId)})`);
  }
  const mark = stepMark(progress, runId, values);
  if (parts.length === 0 && !mark) return outputs;
  const marked = await queryPrepared(transaction, `${parts.length > 0 ? `WITH ${parts.join(',\n')}\n` : ''}${mark ?? 'SELECT 1'}`, values.values);
  // Throwing rolls the whole batch back, so nothing of a consumer that lost the lease commits.
  if (progress.running && marked.length === 0) throw new LeaseLostError(runId);
  return outputs;
}

// The statement that marks the next step running, or the current one failed, if either is due.
function stepMark(progress: Progress, runId: string, values: StatementValues): string | undefined {
  if (progress.running) {
    const { step, attempts, leaseOwner } = progress.running;
    return `UPDATE workflow_steps SET status = 'running', attempts = ${values.add(attempts)}::integer, started_at = COALESCE(started_at, now())
       WHERE id = ${values.add(step.id)}::uuid
         AND EXISTS (SELECT 1 FROM workflow_runs WHERE id = ${values.add(runId)}::uuid AND lease_owner = ${values.add(leaseOwner)} AND lease_until > now())
       RETURNING id`;
  }
  if (progress.failed) {
    const { step, attempts, error, final } = progress.failed;
    return `UPDATE workflow_steps SET status = ${values.add(final ? 'failed' : 'pending')}, attempts = ${values.add(attempts)}::integer,
         last_error = ${values.add(error)}, started_at = COALESCE(started_at, now()),
         finished_at = CASE WHEN ${values.add(final)}::boolean THEN now() ELSE finished_at END
       WHERE id = ${values.add(step.id)}::uuid`;
  }
  return undefined;
}

// The run's lease passed to another consumer (or ran out) before a step could mark its attempt,
// so this consumer must not call the outside system.
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`Run ${runId} is no longer leased to this consumer; another consumer continues it.`);
    this.name = 'LeaseLostError';
  }
}

export async function commitProgress(scope: TenantScope, runId: string, progress: Progress): Promise<Record<string, unknown>> {
  if (progress.done.length === 0 && !progress.running && !progress.failed) return {};
  return withTenant(scope, (transaction) => writeProgress(scope, transaction, runId, progress));
}

export async function markStepCompensated(scope: TenantScope, step: WorkflowStepRow): Promise<void> {
  await withTenant(scope, (transaction) => execute(scope, transaction, `UPDATE workflow_steps SET status = 'compensated' WHERE id = :id`, { id: step.id }));
}

export async function setRunContract(scope: TenantScope, runId: string, contractId: string, transaction: Transaction): Promise<void> {
  await regionModels(scope.region).WorkflowRun.update({ contractId }, { where: { id: runId }, transaction });
}

export interface RunFailure {
  stepName: string;
  error: string;
  suggestedAction: string;
  payloadRef: string;
}

// Marks the run failed, opens an exception for an admin and releases the lease, in one
// transaction. Returns the exception id.
export async function failRun(scope: TenantScope, runId: string, failure: RunFailure): Promise<string> {
  const exceptionId = randomUUID();
  await withTenant(scope, async (transaction) => {
    const { WorkflowRun, WorkflowException } = regionModels(scope.region);
    await WorkflowRun.update({ status: 'failed', error: failure.error, finishedAt: new Date(), leaseOwner: null, leaseUntil: null }, { where: { id: runId }, transaction });
    await WorkflowException.create({ id: exceptionId, tenantId: scope.tenantId, runId, ...failure }, { transaction });
  });
  return exceptionId;
}

// Marks the run completed together with the last done marks, the inbox record of the message
// and the flow's closing writes, and releases the lease.
export async function completeRun(
  scope: TenantScope,
  runId: string,
  finish: { done: DoneMark[]; handled: { consumer: string; messageId: string } },
  closing: (transaction: Transaction, outputs: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  await withTenant(scope, async (transaction) => {
    const outputs = await writeProgress(scope, transaction, runId, { ...finish, complete: true });
    await closing(transaction, outputs);
  });
}

export async function loadRun(scope: TenantScope, runId: string): Promise<WorkflowRunRow> {
  return withTenant(scope, async (transaction) => {
    const [run] = await select<WorkflowRunRow>(scope, transaction, `SELECT ${RUN_COLUMNS} FROM workflow_runs WHERE id = :runId`, { runId });
    if (!run) throw new Error(`Workflow run ${runId} was not found for tenant ${scope.tenantId}.`);
    return run;
  });
}

export async function loadSteps(scope: TenantScope, runId: string): Promise<WorkflowStepRow[]> {
  return withTenant(scope, (transaction) => select<WorkflowStepRow>(scope, transaction, `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE run_id = :runId ORDER BY position`, { runId }));
}
