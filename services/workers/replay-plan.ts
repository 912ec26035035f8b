import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import type { WorkflowRunRow, WorkflowStepRow } from '../core/models/region.ts';
import type { TenantScope } from '../core/tenancy.ts';
import { findFlow, latestFlow } from './flow-registry.ts';
import type { Step } from './flow.ts';

// What a replay of a run from a chosen step would do, worked out from stored state only: the run's
// steps and the lineage (external references). Nothing outside is called, so an admin can read the
// plan before deciding.

export type PlannedAction = 'keep' | 'run' | 'skip';

export interface PlannedStep {
  position: number;
  name: string;
  status: WorkflowStepRow['status'];
  action: PlannedAction;
  reason: string;
  // The outside record that makes the step skip, such as the ERP project id.
  externalId?: string;
}

export interface ReplayPlan {
  runId: string;
  flow: string;
  // Replays use the flow version the run started on; latestVersion shows whether a newer one exists.
  flowVersion: number;
  latestVersion: number | undefined;
  fromStep: string;
  steps: PlannedStep[];
}

async function lineageFor(scope: TenantScope, transaction: Transaction, run: WorkflowRunRow): Promise<{ objectType: string; system: string; externalId: string }[]> {
  return regionDatabase(scope.region).query(
    `SELECT object_type AS "objectType", system, external_id AS "externalId" FROM external_refs
     WHERE run_id = :runId OR (CAST(:contractId AS uuid) IS NOT NULL AND contract_id = CAST(:contractId AS uuid))`,
    { replacements: { runId: run.id, contractId: run.contractId }, type: QueryTypes.SELECT, transaction },
  );
}

function planStep(step: WorkflowStepRow, from: number, definition: Step | undefined, lineage: { objectType: string; system: string; externalId: string }[]): PlannedStep {
  const base = { position: step.position, name: step.name, status: step.status };
  if (step.status === 'compensated') return { ...base, action: 'run', reason: 'compensation undid its effect, so it runs again and restores it' };
  if (step.position < from) return { ...base, action: 'keep', reason: 'before the chosen step; its output is reused' };

  const effect = definition?.effect;
  const existing = effect && lineage.find((ref) => ref.objectType === effect.objectType && ref.system === effect.system);
  if (existing && step.status === 'done') {
    return { ...base, action: 'skip', reason: `its ${effect.system.toUpperCase()} ${effect.objectType} already exists`, externalId: existing.externalId };
  }
  if (definition?.pure) return { ...base, action: 'run', reason: 'computes from stored data and calls no outside system' };
  if (effect) return { ...base, action: 'run', reason: `no ${effect.system.toUpperCase()} ${effect.objectType} is recorded for this run, so it looks one up and creates it only if missing` };
  return { ...base, action: 'run', reason: 'repeating it is harmless (reads, or writes the same values again)' };
}

// Returns the plan for replaying the run from fromStep, or a message naming what is wrong with the request.
export async function planReplay(scope: TenantScope, transaction: Transaction, run: WorkflowRunRow, steps: WorkflowStepRow[], fromStep: string): Promise<ReplayPlan | string> {
  const from = steps.find((step) => step.name === fromStep);
  if (!from) return `Step "${fromStep}" is not a step of this run; choose one of ${steps.map((step) => step.name).join(', ')}.`;
  const flow = findFlow(run.flow, run.flowVersion);
  if (!flow) return `Flow ${run.flow} version ${run.flowVersion} is no longer deployed, so the run cannot be replayed.`;

  const lineage = await lineageFor(scope, transaction, run);
  return {
    runId: run.id,
    flow: run.flow,
    flowVersion: run.flowVersion,
    latestVersion: latestFlow(run.flow)?.version,
    fromStep,
    steps: steps.map((step) => planStep(step, from.position, flow.steps.find((candidate) => candidate.name === step.name), lineage)),
  };
}
