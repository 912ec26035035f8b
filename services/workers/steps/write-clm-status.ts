import { clmClient } from '../connector-clients.ts';
import { outputOf, type Step } from '../flow.ts';
import type { ErpBillingSchedule } from './create-billing-schedule.ts';
import type { ErpProject } from './create-erp-project.ts';
import type { LoadedContract } from './load-contract.ts';
import type { ChosenLegalEntity } from './choose-legal-entity.ts';
import type { PsaProject } from './provision-psa-project.ts';

// Writes the activation back to the CLM workflow, so legal operations see in their own tool that
// the contract became a project and which ERP records were made. Setting the same attributes
// twice is harmless, so a retry needs no lookup. A contract created through the API has no CLM
// workflow to update.
export const writeClmStatus: Step<{ updated: boolean }> = {
  name: 'write-clm-status',

  async run(context) {
    const loaded = outputOf<LoadedContract>(context, 'load-contract');
    if (loaded.origin !== 'clm' || !loaded.clmConnectorId || !loaded.workflowId) return { output: { updated: false } };

    const { erpProject } = outputOf<ErpProject>(context, 'create-erp-project');
    const { erpSalesOrder } = outputOf<ErpBillingSchedule>(context, 'create-billing-schedule');
    const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
    const { client } = await clmClient(context, loaded.clmConnectorId);
    // Runs of activation version 1 have no PSA step, and tenants without a PSA skip it.
    const psaWorkspace = (context.state['provision-psa-project'] as PsaProject | undefined)?.psaWorkspaceId;

    await client.updateAttributes(loaded.workflowId, {
      throughlineStatus: 'activated',
      throughlineRunId: context.run.id,
      throughlineContractId: loaded.contractId,
      erpProjectId: erpProject,
      erpSalesOrderId: erpSalesOrder,
      billingEntity: entity.code,
      ...(psaWorkspace ? { psaWorkspaceId: psaWorkspace } : {}),
      // A retried run that succeeds clears what an earlier failure wrote.
      throughlineFailedStep: null,
      throughlineError: null,
    }, 'Throughline activated this contract: project and billing schedule created in the ERP.');
    return { output: { updated: true } };
  },
};
