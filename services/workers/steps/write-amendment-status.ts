import { clmClient } from '../connector-clients.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedAmendment } from './load-amendment.ts';
import type { UpdatedBillingSchedule } from './update-billing-schedule.ts';

// Writes back to the amendment workflow that its terms reached the ERP and the PSA, with the
// billing schedule version now in force. Setting the same attributes twice is harmless.
export const writeAmendmentStatus: Step<{ updated: boolean }> = {
  name: 'write-clm-status',

  async run(context) {
    const loaded = outputOf<LoadedAmendment>(context, 'load-contract');
    const { version, erpSalesOrder } = outputOf<UpdatedBillingSchedule>(context, 'update-billing-schedule');
    const { client } = await clmClient(context, loaded.clmConnectorId!);
    await client.updateAttributes(loaded.workflowId!, {
      throughlineStatus: 'amendment-applied',
      throughlineRunId: context.run.id,
      throughlineContractId: loaded.contractId,
      billingScheduleVersion: version,
      erpSalesOrderId: erpSalesOrder,
    }, 'Throughline applied this amendment to the billing schedule in the ERP and to the PSA project.');
    return { output: { updated: true } };
  },
};
