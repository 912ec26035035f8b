import type { ContractExecutedData } from '../../core/events.ts';
import { clmClient } from '../connector-clients.ts';
import type { StepContext } from '../flow.ts';

// Writes a failed activation back to the CLM workflow, so legal operations see in their own tool
// that the contract did not become a project, at which step and why. It reads the CLM workflow
// from the run's trigger rather than from step outputs, because the run may have failed before
// any step finished. A contract created through the API has no CLM workflow to update.
export async function writeClmFailure(context: StepContext, failure: { stepName: string; error: string }): Promise<void> {
  const trigger = context.run.input as ContractExecutedData;
  if (trigger.origin !== 'clm') return;

  const { client } = await clmClient(context, trigger.connectorId);
  await client.updateAttributes(trigger.workflowId, {
    throughlineStatus: 'activation-failed',
    throughlineRunId: context.run.id,
    throughlineFailedStep: failure.stepName,
    throughlineError: failure.error.slice(0, 500),
  }, `Throughline could not activate this contract: step ${failure.stepName} failed. An admin has an open exception for it.`);
}
