import type { Logger } from 'pino';
import type { WorkflowRunRow, WorkflowStepRow } from '../core/models/region.ts';
import type { TenantScope } from '../core/tenancy.ts';
import { backoffDelayMs } from '../core/topology.ts';
import { backPressureDelayMs, isPoolExhausted } from './back-pressure.ts';
import { judgeFailure, type FailureVerdict } from './errors.ts';
import type { Flow, StepContext } from './flow.ts';
import type { LeaseHeartbeat } from './run-lease.ts';
import type { Outcome } from './queue-consumer.ts';
import { commitProgress, completeRun, failRun, LeaseLostError, markStepCompensated, type DoneMark, type Progress } from './run-store.ts';

export const ORCHESTRATOR = 'orchestrator';

// Attempts per step before a transient failure becomes an exception.
export const MAX_STEP_ATTEMPTS = 5;

// Takeovers of a run's expired lease (see claimIn in run-store.ts) before the run stops with an
// exception. A step that crashes the worker before its first change to an outside system has no
// attempt on record, so without this limit such a run would crash worker after worker.
export const LEASE_TAKEOVER_LIMIT = 5;

export interface RunDelivery {
  scope: TenantScope;
  flow: Flow;
  run: WorkflowRunRow;
  steps: WorkflowStepRow[];
  // The message being handled: the inbox records it and an exception points at it.
  messageId: string;
  // Reads shared by the delivery's steps; the claim may have started some of them.
  memo?: Map<string, Promise<unknown>>;
  lease: LeaseHeartbeat;
  log: Logger;
}

// Drives a leased run's steps in order from the first one not done. A finished step's done mark,
// with its own writes, waits in `pending` and commits with the next step's running mark, so each
// step that changes an outside system costs one commit before its first change and none after.
// A step that only reads outside systems, or calls none, costs no commit of its own. An
// output that a persist returns is known only once committed, so such a result commits before the
// next step starts. A failure or the completion commits what is left.
export async function driveRun(delivery: RunDelivery): Promise<Outcome> {
  const { scope, flow, run, log } = delivery;
  const context: StepContext = { scope, run, state: { ...run.state }, log, memo: delivery.memo ?? new Map() };
  let pending: DoneMark[] = [];
  const commit = async (progress: Omit<Progress, 'done'>) => {
    Object.assign(context.state, await commitProgress(scope, run.id, { done: pending, ...progress }));
    pending = [];
  };

  const remaining = delivery.steps.filter((candidate) => candidate.status !== 'done');
  if (remaining[0] && run.leaseTakeovers >= LEASE_TAKEOVER_LIMIT) return stopCrashingRun(delivery, context, remaining[0]);

  for (const step of remaining) {
    const definition = flow.steps.find((candidate) => candidate.name === step.name);
    if (!definition) return { kind: 'park', reason: `step ${step.name} is not part of flow ${flow.name} v${flow.version}` };
    if (delivery.lease.lost) return leaseLost(delivery);

    const attempts = step.attempts + 1;
    const running = { step, attempts, leaseOwner: delivery.lease.owner };
    const awaitingOutput = pending.some(({ result }) => 'persist' in result);
    if (!definition.pure && !awaitingOutput) context.beforeOutsideCall = once(() => commit({ running }));
    context.neverCalled = step.calledAt === null;

    const started = Date.now();
    try {
      if (awaitingOutput) await commit(definition.pure ? {} : { running });
      const result = await definition.run(context);
      context.beforeOutsideCall = undefined;
      context.neverCalled = undefined;
      pending.push({ step, attempts, result });
      if ('output' in result) context.state[step.name] = result.output ?? null;
      step.status = 'done';
      log.debug({ step: step.name, attempts, ms: Date.now() - started }, 'step done');
    } catch (error) {
      context.beforeOutsideCall = undefined;
      context.neverCalled = undefined;
      if (error instanceof LeaseLostError) return leaseLost(delivery);
      if (isPoolExhausted(error)) return deferForPool(delivery, step, pending, error);
      const verdict = judgeFailure(error);
      const final = !verdict.transient || attempts >= MAX_STEP_ATTEMPTS;
      await commit({ failed: { step, attempts, error: verdict.message, final } });
      if (!final) {
        log.warn({ step: step.name, attempts, error: verdict.message }, 'step failed; retrying after a delay');
        return { kind: 'retry', reason: verdict.message, delayMs: retryDelayMs(attempts, verdict) };
      }
      return failForGood(delivery, context, step, verdict, attempts);
    }
  }

  await completeRun(scope, run.id, { done: pending, handled: { consumer: ORCHESTRATOR, messageId: delivery.messageId } }, async (transaction, outputs) => {
    Object.assign(context.state, outputs);
    await flow.complete(context, transaction);
  });
  delivery.lease.markReleased();
  log.info({ ms: Date.now() - new Date(run.startedAt).getTime() }, 'run completed');
  return { kind: 'done' };
}

// Another consumer holds the run now, so this one stops without writing; the message comes back
// later and finds the run done or still leased.
function leaseLost(delivery: RunDelivery): Outcome {
  delivery.lease.lost = true;
  delivery.log.warn('the run lease passed to another consumer; leaving the run to it');
  return { kind: 'defer', reason: 'the run lease passed to another consumer', delayMs: 1_000 };
}

// Runs work on the first call only; later calls wait for that same run.
function once(work: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | undefined;
  return () => (started ??= work());
}

// The step could not get a database connection, which says nothing about the step itself: its
// attempt count goes back to what it was, and the message returns later without counting an
// attempt. If even that write finds no connection, the running mark keeps the one extra attempt.
async function deferForPool(delivery: RunDelivery, step: WorkflowStepRow, pending: DoneMark[], error: unknown): Promise<Outcome> {
  const { scope, run, log } = delivery;
  const delayMs = backPressureDelayMs();
  try {
    await commitProgress(scope, run.id, { done: pending, failed: { step, attempts: step.attempts, error: 'database pool exhausted', final: false } });
  } catch (writeError) {
    log.warn({ err: writeError, step: step.name }, 'could not restore the step attempt count; the pool is still exhausted');
  }
  log.warn({ err: error, step: step.name, delayMs }, 'database pool exhausted during a step; deferring the run');
  return { kind: 'defer', reason: 'database pool exhausted', delayMs };
}

// Exponential backoff with jitter by the step's attempt, but never sooner than the outside system
// asked for with Retry-After.
function retryDelayMs(attempts: number, verdict: FailureVerdict): number {
  return Math.max(backoffDelayMs(attempts), verdict.retryAfterMs ?? 0);
}

// Fails the run's next step without running it again, because workers kept stopping while they
// held the run. Whatever crashes them lies on this run's path, so an admin has to look. Steps
// that only read record their outcome with the next commit, so the crash may be in a later step.
async function stopCrashingRun(delivery: RunDelivery, context: StepContext, step: WorkflowStepRow): Promise<Outcome> {
  const verdict: FailureVerdict = {
    transient: false,
    message: `Workers stopped ${delivery.run.leaseTakeovers} times while they held this run, each time at step ${step.name} or a later step that had not recorded its outcome yet.`,
    suggestedAction: `Look in the worker logs for a crash or an out-of-memory kill near this run, fix its cause, then retry the run from step ${step.name}.`,
  };
  await commitProgress(delivery.scope, delivery.run.id, { done: [], failed: { step, attempts: step.attempts, error: verdict.message, final: true } });
  return failForGood(delivery, context, step, verdict, step.attempts);
}

// A permanent failure, or the last attempt of a transient one: undo what earlier steps changed in
// outside systems, tell the source system, open an exception, and park the message with the reason.
async function failForGood(delivery: RunDelivery, context: StepContext, failed: WorkflowStepRow, verdict: FailureVerdict, attempts: number): Promise<Outcome> {
  const { scope, flow, run, log } = delivery;
  log.error({ step: failed.name, attempts, error: verdict.message }, 'step failed for good; compensating and opening an exception');
  await compensate(flow, delivery.steps, context, failed.position);

  const failure = { stepName: failed.name, error: verdict.message };
  try {
    await flow.reportFailure?.(context, failure);
  } catch (error) {
    // The exception below still reaches the admin, but the source system does not show the failure.
    log.error({ err: error, step: failed.name }, 'failed to write the run failure back to the source system');
  }

  const exceptionId = await failRun(scope, run.id, {
    ...failure,
    suggestedAction: verdict.suggestedAction,
    payloadRef: `run:${run.id}/event:${run.triggerEventId}`,
  });
  delivery.lease.markReleased();
  log.info({ exceptionId, step: failed.name }, 'opened an exception');
  return { kind: 'park', reason: `run ${run.id} failed at step ${failed.name} (exception ${exceptionId}): ${verdict.message}` };
}

// Runs the compensations of the steps done before the failed one, latest first. A compensation
// that fails is logged and left for the admin to clean up from the exception, and it does not
// hide the original failure.
async function compensate(flow: Flow, steps: WorkflowStepRow[], context: StepContext, failedPosition: number): Promise<void> {
  const done = steps.filter((step) => step.position < failedPosition && step.status === 'done').reverse();
  for (const step of done) {
    const definition = flow.steps.find((candidate) => candidate.name === step.name);
    if (!definition?.compensate) continue;
    try {
      await definition.compensate(context);
      await markStepCompensated(context.scope, step);
      context.log.info({ step: step.name }, 'compensated a step');
    } catch (error) {
      context.log.error({ step: step.name, err: error }, 'compensation failed; the exception lists the run for manual clean-up');
    }
  }
}
