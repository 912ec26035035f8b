import { API_SOURCE } from '../../core/canonical.ts';
import type { ContractExecutedData } from '../../core/events.ts';
import { toCanonicalContract } from '../../connectors/clm/ironclad-mapping.ts';
import { applyConnectorMapping } from '../connector-mapping.ts';
import { clmClient } from '../connector-clients.ts';
import { saveSourceContract, termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { recordExternalRef } from '../lineage.ts';
import { setRunContract } from '../run-store.ts';
import type { Step } from '../flow.ts';

export interface LoadedContract {
  contractId: string;
  customerId: string;
  origin: 'clm' | 'api';
  clmConnectorId?: string;
  workflowId?: string;
}

// Brings the executed contract into the region database in canonical form. A contract from the
// CLM is read through the workflow API (the webhook only names it); one created through our API
// is already stored. Either way the run is linked to the contract for lineage.
export const loadContract: Step<LoadedContract> = {
  name: 'load-contract',

  async run(context) {
    const { scope, run } = context;
    const trigger = run.input as ContractExecutedData;

    if (trigger.origin === 'api') {
      const terms = await termsFor(context, trigger.contractId);
      if (!terms) throw new PermanentStepError(`Contract ${trigger.contractId} was not found.`, 'Check that the contract exists in this tenant, then replay the run.');
      // A contract from the CLM is activated by its own workflow's run. A second run for it would
      // start with steps that never called, and they create without looking up.
      if (terms.contract.source !== API_SOURCE) {
        throw new PermanentStepError(
          `Contract ${trigger.contractId} came from ${terms.contract.source}, not the partner API, so an API event cannot activate it.`,
          'Check the contract id the event names; a contract from the CLM is activated when its CLM workflow completes.',
        );
      }
      const output: LoadedContract = { contractId: terms.contract.id, customerId: terms.customer.id, origin: 'api' };
      return { output, runContractId: output.contractId };
    }

    const { client, connector } = await clmClient(context, trigger.connectorId);
    const { workflow } = await applyConnectorMapping(scope, connector, await client.getWorkflow(trigger.workflowId));
    const canonical = toCanonicalContract(workflow);

    return { persist: async (transaction) => {
      const ids = await saveSourceContract(scope, transaction, canonical, { source: `clm:${connector.id}`, sourceRef: trigger.workflowId });
      await setRunContract(scope, run.id, ids.contractId, transaction);
      await recordExternalRef(scope, transaction, {
        contractId: ids.contractId,
        objectType: 'contract',
        objectId: ids.contractId,
        system: 'clm',
        connectorId: connector.id,
        externalId: trigger.workflowId,
        externalUrl: `${connector.baseUrl.replace(/\/$/, '')}/public/api/v1/workflows/${encodeURIComponent(trigger.workflowId)}`,
        runId: run.id,
        stepName: 'load-contract',
      });
      return { ...ids, origin: 'clm', clmConnectorId: connector.id, workflowId: trigger.workflowId };
    } };
  },
};
