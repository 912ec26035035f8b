import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CloudEvent } from '../core/cloudevent.ts';
import type { ContractExecutedData } from '../core/events.ts';
import type { TenantScope } from '../core/tenancy.ts';
import type { WorkflowRunRow } from '../core/models/region.ts';
import { contractActivation } from './flows/contract-activation.ts';
import { judgeFailure } from './errors.ts';
import { alreadyHandled, recordHandled } from './inbox.ts';
import type { Flow, StepContext } from './flow.ts';
import type { Delivery, Handler, Outcome } from './queue-consumer.ts';
import {
  acquireLease, completeRun, failRun, findOrCreateRun, loadRun, loadSteps,
  markStepCompensated, markStepDone, markStepFailed, markStepRunning, releaseLease,
} from './run-store.ts';

export const ORCHESTRATOR = 'orchestrator';

// Attempts per step before a transient failure becomes an exception.
export const MAX_STEP_ATTEMPTS = 5;
const LEASE_SECONDS = 120;
const BUSY_RETRY_MS = 1_000;

// Flows by name and version. A run is pinned to the version that started it, so a flow change
// never alters a run already under way.
const FLOWS: Record<string, Record<number, Flow>> = {
  [contractActivation.name]: { [contractActivation.version]: contractActivation },
};

function triggerKey(data: ContractExecutedData): string {
  return data.origin === 'clm' ? `clm:${data.connectorId}:${data.workflowId}` : `api:${data.contractId}`;
}

// Turns `contract.executed` events into activation runs and drives each run's steps in order.
// A redelivered event finds its run by trigger key and resumes at the first step not yet done.
export function createOrchestrator(region: string): Handler {
  const owner = `${hostname()}:${process.pid}`;

  return async ({ event, log }: Delivery): Promise<Outcome> => {
    if (event.region !== region) return { kind: 'park', reason: `event for region ${event.region} reached the ${region} worker` };
    if (event.type !== 'contract.executed') return { kind: 'park', reason: `no flow handles event type ${event.type}` };

    const scope: TenantScope = { tenantId: event.tenant, region };
    if (await alreadyHandled(scope, ORCHESTRATOR, event.id)) return { kind: 'done' };

    const data = event.data as ContractExecutedData;
    const flow = contractActivation;
    const run = await findOrCreateRun(scope, {
      flow: flow.name,
      flowVersion: flow.version,
      triggerKey: triggerKey(data),
      triggerEventId: event.id,
      input: data,
      stepNames: flow.steps.map((step) => step.name),
    });
    const runLog = log.child({ runId: run.id, flow: run.flow });
    if (run.status !== 'running') return { kind: 'done' };

    if (!(await acquireLease(scope, run.id, owner, LEASE_SECONDS))) {
      runLog.debug('run is leased by another consumer; retrying later');
      return { kind: 'retry', reason: 'run is busy in another consumer', delayMs: BUSY_RETRY_MS };
    }
    try {
      return await driveRun(scope, run, event, runLog);
    } finally {
      await releaseLease(scope, run.id, owner).catch((error: unknown) => runLog.warn({ err: error }, 'failed to release the run lease; it expires by itself'));
    }
  };
}

async function driveRun(scope: TenantScope, run: WorkflowRunRow, event: CloudEvent, log: Logger): Promise<Outcome> {
  const flow = FLOWS[run.flow]?.[run.flowVersion];
  if (!flow) return { kind: 'park', reason: `flow ${run.flow} version ${run.flowVersion} is not deployed on this worker` };

  const context: StepContext = { scope, run, state: { ...run.state }, log };
  const steps = await loadSteps(scope, run.id);

  for (const step of steps.filter((candidate) => candidate.status !== 'done')) {
    const definition = flow.steps.find((candidate) => candidate.name === step.name);
    if (!definition) return { kind: 'park', reason: `step ${step.name} is not part of flow ${flow.name} v${flow.version}` };

    const attempts = await markStepRunning(scope, step);
    const started = Date.now();
    try {
      const result = await definition.run(context);
      context.state[step.name] = await markStepDone(scope, step, result);
      log.info({ step: step.name, attempts, ms: Date.now() - started }, 'step done');
    } catch (error) {
      const verdict = judgeFailure(error);
      const final = !verdict.transient || attempts >= MAX_STEP_ATTEMPTS;
      await markStepFailed(scope, step, verdict.message, final);
      if (!final) {
        log.warn({ step: step.name, attempts, err: error }, 'step failed; retrying');
        return { kind: 'retry', reason: verdict.message, ...(verdict.retryAfterMs ? { delayMs: verdict.retryAfterMs } : {}) };
      }
      log.error({ step: step.name, attempts, err: error }, 'step failed for good; compensating and opening an exception');
      await compensate(flow, steps, context, step.position);
      const exceptionId = await failRun(scope, run.id, {
        stepName: step.name,
        error: verdict.message,
        suggestedAction: verdict.suggestedAction,
        payloadRef: `event:${event.id}`,
      });
      log.info({ exceptionId }, 'opened an exception');
      return { kind: 'done' };
    }
  }

  await completeRun(scope, run.id, async (transaction) => {
    await flow.complete(context, transaction);
    await recordHandled(scope, ORCHESTRATOR, event.id, transaction);
  });
  log.info({ ms: Date.now() - new Date(run.startedAt).getTime() }, 'run completed');
  return { kind: 'done' };
}

// Runs the compensations of the steps done before the failed one, latest first. A compensation
// that fails is logged and left for the admin, who sees the exception; it does not hide the
// original failure.
async function compensate(flow: Flow, steps: Awaited<ReturnType<typeof loadSteps>>, context: StepContext, failedPosition: number): Promise<void> {
  const fresh = await loadRun(context.scope, context.run.id);
  context.state = { ...fresh.state };
  const done = steps.filter((step) => step.position < failedPosition).reverse();
  for (const step of done) {
    const definition = flow.steps.find((candidate) => candidate.name === step.name);
    if (!definition?.compensate) continue;
    try {
      await definition.compensate(context);
      await markStepCompensated(context.scope, step);
    } catch (error) {
      context.log.error({ step: step.name, err: error }, 'compensation failed; the exception lists the run for manual clean-up');
    }
  }
}
