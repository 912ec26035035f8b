import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { regionModels, type WorkflowRunRow, type WorkflowStepRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import type { StepResult } from './flow.ts';

// Persistence of workflow runs and their steps. Every state change commits on its own, so a
// worker that dies mid-run leaves a run that the next delivery resumes from its last done step.

export interface NewRun {
  flow: string;
  flowVersion: number;
  triggerKey: string;
  triggerEventId: string;
  input: unknown;
  stepNames: string[];
}

// Creates the run and its pending steps, or returns the run an earlier delivery already created
// for the same trigger, so a replayed event never starts a second run.
export async function findOrCreateRun(scope: TenantScope, run: NewRun): Promise<WorkflowRunRow> {
  return withTenant(scope, async (transaction) => {
    const { WorkflowRun, WorkflowStep } = regionModels(scope.region);
    const existing = await WorkflowRun.findOne({ where: { flow: run.flow, triggerKey: run.triggerKey }, transaction });
    if (existing) return existing.get({ plain: true });

    const id = randomUUID();
    const [created] = await WorkflowRun.findOrCreate({
      where: { tenantId: scope.tenantId, flow: run.flow, triggerKey: run.triggerKey },
      defaults: { id, tenantId: scope.tenantId, flow: run.flow, flowVersion: run.flowVersion, triggerKey: run.triggerKey, triggerEventId: run.triggerEventId, input: run.input, state: {} },
      transaction,
    });
    if (created.get({ plain: true }).id === id) {
      await WorkflowStep.bulkCreate(
        run.stepNames.map((name, position) => ({ id: randomUUID(), tenantId: scope.tenantId, runId: id, position, name })),
        { transaction },
      );
    }
    return created.get({ plain: true });
  });
}

export async function loadSteps(scope: TenantScope, runId: string): Promise<WorkflowStepRow[]> {
  return withTenant(scope, async (transaction) => {
    const rows = await regionModels(scope.region).WorkflowStep.findAll({ where: { runId }, order: [['position', 'ASC']], transaction });
    return rows.map((row) => row.get({ plain: true }));
  });
}

// Takes the run's lease unless another live consumer holds it. Returns false when busy.
export async function acquireLease(scope: TenantScope, runId: string, owner: string, seconds: number): Promise<boolean> {
  return withTenant(scope, async (transaction) => {
    const [count] = await regionModels(scope.region).WorkflowRun.update(
      { leaseOwner: owner, leaseUntil: new Date(Date.now() + seconds * 1000) },
      {
        where: {
          id: runId,
          [Op.or]: [{ leaseUntil: null }, { leaseUntil: { [Op.lt]: new Date() } }, { leaseOwner: owner }],
        },
        transaction,
      },
    );
    return count === 1;
  });
}

export async function releaseLease(scope: TenantScope, runId: string, owner: string): Promise<void> {
  await withTenant(scope, async (transaction) => {
    await regionModels(scope.region).WorkflowRun.update({ leaseOwner: null, leaseUntil: null }, { where: { id: runId, leaseOwner: owner }, transaction });
  });
}

export async function markStepRunning(scope: TenantScope, step: WorkflowStepRow): Promise<number> {
  const attempts = step.attempts + 1;
  await withTenant(scope, async (transaction) => {
    await regionModels(scope.region).WorkflowStep.update(
      { status: 'running', attempts, startedAt: step.startedAt ?? new Date() },
      { where: { id: step.id }, transaction },
    );
  });
  return attempts;
}

// Marks a step done and adds its output to the run state, in one transaction with the step's
// writes, and returns the output.
export async function markStepDone(scope: TenantScope, step: WorkflowStepRow, result: StepResult): Promise<unknown> {
  return withTenant(scope, async (transaction) => {
    const { WorkflowRun, WorkflowStep } = regionModels(scope.region);
    const output = 'persist' in result ? await result.persist(transaction) : result.output;
    await WorkflowStep.update({ status: 'done', output: output ?? null, lastError: null, finishedAt: new Date() }, { where: { id: step.id }, transaction });
    await WorkflowRun.sequelize!.query(
      `UPDATE workflow_runs SET state = state || jsonb_build_object(:name::text, :output::jsonb) WHERE id = :runId`,
      { replacements: { name: step.name, output: JSON.stringify(output ?? null), runId: step.runId }, transaction },
    );
    return output;
  });
}

export async function markStepFailed(scope: TenantScope, step: WorkflowStepRow, error: string, final: boolean): Promise<void> {
  await withTenant(scope, async (transaction) => {
    await regionModels(scope.region).WorkflowStep.update(
      { status: final ? 'failed' : 'pending', lastError: error, ...(final ? { finishedAt: new Date() } : {}) },
      { where: { id: step.id }, transaction },
    );
  });
}

export async function markStepCompensated(scope: TenantScope, step: WorkflowStepRow): Promise<void> {
  await withTenant(scope, async (transaction) => {
    await regionModels(scope.region).WorkflowStep.update({ status: 'compensated' }, { where: { id: step.id }, transaction });
  });
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

// Marks the run failed and opens an exception for an admin, in one transaction.
export async function failRun(scope: TenantScope, runId: string, failure: RunFailure): Promise<string> {
  const exceptionId = randomUUID();
  await withTenant(scope, async (transaction) => {
    const { WorkflowRun, WorkflowException } = regionModels(scope.region);
    await WorkflowRun.update({ status: 'failed', error: failure.error, finishedAt: new Date(), leaseOwner: null, leaseUntil: null }, { where: { id: runId }, transaction });
    await WorkflowException.create({ id: exceptionId, tenantId: scope.tenantId, runId, ...failure }, { transaction });
  });
  return exceptionId;
}

// Marks the run completed together with the flow's closing writes and the inbox record.
export async function completeRun(
  scope: TenantScope,
  runId: string,
  closing: (transaction: Transaction) => Promise<void>,
): Promise<void> {
  await withTenant(scope, async (transaction) => {
    await closing(transaction);
    await regionModels(scope.region).WorkflowRun.update(
      { status: 'completed', error: null, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
      { where: { id: runId }, transaction },
    );
  });
}

export async function loadRun(scope: TenantScope, runId: string): Promise<WorkflowRunRow> {
  return withTenant(scope, async (transaction) => {
    const run = await regionModels(scope.region).WorkflowRun.findByPk(runId, { transaction });
    if (!run) throw new Error(`Workflow run ${runId} was not found for tenant ${scope.tenantId}.`);
    return run.get({ plain: true });
  });
}
