import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { TenantScope } from '../core/tenancy.ts';
import { findFlow, startFor } from './flow-registry.ts';
import type { Delivery, Handler, Outcome } from './queue-consumer.ts';
import { driveRun, ORCHESTRATOR, type RunDelivery } from './run-driver.ts';
import { LEASE_MS, LeaseHeartbeat } from './run-lease.ts';
import { claimRun, startRun, type ClaimedRun, type ClaimReads, type Lease, type NewRun } from './run-store.ts';
import { readOrchestratorMessage, type StartMessage } from './trigger-events.ts';

export { MAX_STEP_ATTEMPTS, ORCHESTRATOR } from './run-driver.ts';

// A delivery that finds its run leased by another consumer comes back just after the lease ends.
const LEASE_MARGIN_MS = 250;

// Turns `contract.executed`, `contract.amended` and `milestone.completed` events into runs of
// their flows, and an admin's resume requests into another pass over a stopped run. Either way
// the run is leased to this consumer, kept alive by a heartbeat, and driven from its first step
// not done.
export function createOrchestrator(region: string): Handler {
  const consumer = `${hostname()}:${process.pid}`;

  return async ({ event, log }: Delivery): Promise<Outcome> => {
    // Each delivery holds the lease as itself, so a second delivery of the same run in this
    // process (a duplicate message) finds it busy instead of driving the run beside the first.
    const lease: Lease = { owner: `${consumer}:${randomUUID()}`, ms: LEASE_MS };
    if (event.region !== region) return { kind: 'park', reason: `event for region ${event.region} reached the ${region} worker` };
    const message = readOrchestratorMessage(event);
    if ('invalid' in message) return { kind: 'park', reason: `invalid message: ${message.invalid}` };

    const scope: TenantScope = { tenantId: event.tenant, region };
    // The delivery's shared reads, started by the flow's prefetch in the claiming transaction.
    const memo = new Map<string, Promise<unknown>>();
    const prefetch: ClaimReads = async (transaction, run) => findFlow(run.flow, run.flowVersion)?.prefetch?.({ scope, memo }, run.input, transaction);
    const claim = (reads?: ClaimReads) => (message.kind === 'start'
      ? startRun(scope, ORCHESTRATOR, newRunOf(message, event.id), lease, reads)
      : claimRun(scope, message.data.runId, lease, reads));

    const claimed = await claimWithPrefetch(claim, prefetch, memo, log);
    // Only a resume names a run that may not exist; its event's subject is the run id.
    if (claimed === undefined) return { kind: 'park', reason: `run ${event.subject} does not exist for tenant ${scope.tenantId}` };
    if (claimed === 'handled') return { kind: 'done' };
    return workClaimedRun(scope, claimed, { messageId: event.id, memo }, lease, log);
  };
}

// Claims the run with the flow's prefetch. A failed prefetch rolls the claim back, so the run is
// claimed again without it and the steps read on demand. A read that keeps failing then fails a
// step and opens an exception for an admin; the message is not parked with no run.
export async function claimWithPrefetch<Claimed>(
  claim: (reads?: ClaimReads) => Promise<Claimed>,
  prefetch: ClaimReads,
  memo: Map<string, Promise<unknown>>,
  log: Logger,
): Promise<Claimed> {
  try {
    return await claim(prefetch);
  } catch (error) {
    log.warn({ err: error }, 'claiming the run with its prefetch failed; claiming it without');
    memo.clear();
    return claim();
  }
}

// The run a trigger event starts, with every step of the flow version deployed for it.
function newRunOf(message: StartMessage, eventId: string): NewRun {
  const { flow, triggerKey } = startFor(message);
  return {
    flow: flow.name,
    flowVersion: flow.version,
    triggerKey,
    triggerEventId: eventId,
    input: message.data,
    stepNames: flow.steps.map((step) => step.name),
  };
}

async function workClaimedRun(scope: TenantScope, claimed: ClaimedRun, delivery: Pick<RunDelivery, 'messageId' | 'memo'>, lease: Lease, log: Logger): Promise<Outcome> {
  const runLog = log.child({ runId: claimed.run.id, flow: claimed.run.flow, flowVersion: claimed.run.flowVersion });
  if (claimed.run.status !== 'running') return { kind: 'done' };
  if (!claimed.leased) {
    runLog.debug({ retryInMs: claimed.retryInMs }, 'run is leased by another consumer; coming back when the lease ends');
    return { kind: 'defer', reason: 'run is busy in another consumer', delayMs: claimed.retryInMs + LEASE_MARGIN_MS };
  }

  const flow = findFlow(claimed.run.flow, claimed.run.flowVersion);
  if (!flow) return { kind: 'park', reason: `flow ${claimed.run.flow} version ${claimed.run.flowVersion} is not deployed on this worker` };

  const heartbeat = new LeaseHeartbeat(scope, claimed.run.id, lease, runLog);
  heartbeat.start();
  try {
    return await driveRun({ scope, flow, run: claimed.run, steps: claimed.steps, ...delivery, lease: heartbeat, log: runLog });
  } finally {
    await heartbeat.stop();
  }
}
