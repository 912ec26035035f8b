import type { CanonicalContract } from '../../core/canonical.ts';
import type { ContractAmendedData } from '../../core/events.ts';
import { regionModels } from '../../core/models/region.ts';
import { withTenant } from '../../core/tenancy.ts';
import { toCanonicalContract } from '../../connectors/clm/ironclad-mapping.ts';
import { clmClient } from '../connector-clients.ts';
import { applyConnectorMapping } from '../connector-mapping.ts';
import { PermanentStepError } from '../errors.ts';
import { setRunContract } from '../run-store.ts';
import type { Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

// The attributes an amendment may supersede. Every other attribute of the amended workflow
// (the customer above all) stays as signed.
export const SUPERSEDABLE_ATTRIBUTES = ['contractValue', 'expirationDate', 'rateCard', 'lineItems', 'milestones'] as const;

export interface LoadedAmendment extends LoadedContract {
  amendedWorkflowId: string;
  amended: CanonicalContract;
  superseded: string[];
}

// Reads the amendment workflow and the workflow it amends (named by its amendedWorkflowId
// attribute) from the CLM, and makes the amended terms: the original attributes with those the
// amendment supersedes replaced. The step is named load-contract because the entity and tax
// steps, which this flow shares with activation, read the contract id from that output.
export const loadAmendment: Step<LoadedAmendment> = {
  name: 'load-contract',

  async run(context) {
    const { scope, run } = context;
    const trigger = run.input as ContractAmendedData;
    const { client, connector } = await clmClient(context, trigger.connectorId);
    const { workflow: amendment } = await applyConnectorMapping(scope, connector, await client.getWorkflow(trigger.workflowId));
    const amendedWorkflowId = amendment.attributes.amendedWorkflowId;
    if (typeof amendedWorkflowId !== 'string' || amendedWorkflowId === '') {
      throw new PermanentStepError(`Amendment workflow ${trigger.workflowId} has no amendedWorkflowId attribute naming the workflow it amends.`, 'Set amendedWorkflowId on the amendment in the CLM, then replay the run.');
    }

    const contract = await withTenant(scope, async (transaction) =>
      (await regionModels(scope.region).Contract.findOne({ where: { source: `clm:${connector.id}`, sourceRef: amendedWorkflowId }, transaction }))?.get({ plain: true }));
    if (!contract) {
      throw new PermanentStepError(`Workflow ${amendedWorkflowId}, which amendment ${trigger.workflowId} amends, was never activated here.`, 'Activate the original contract first, then replay the amendment run.');
    }

    const { workflow: original } = await applyConnectorMapping(scope, connector, await client.getWorkflow(amendedWorkflowId));
    const superseded = SUPERSEDABLE_ATTRIBUTES.filter((name) => amendment.attributes[name] !== undefined);
    const attributes = { ...original.attributes, ...Object.fromEntries(superseded.map((name) => [name, amendment.attributes[name]])) };
    const amended = toCanonicalContract({ ...original, attributes });

    return { persist: async (transaction) => {
      await setRunContract(scope, run.id, contract.id, transaction);
      return {
        contractId: contract.id, customerId: contract.customerId, origin: 'clm', clmConnectorId: connector.id,
        workflowId: trigger.workflowId, amendedWorkflowId, amended, superseded: [...superseded],
      };
    } };
  },
};
