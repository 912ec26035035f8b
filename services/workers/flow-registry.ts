import { contractActivation, contractActivationV1 } from './flows/contract-activation.ts';
import type { Flow } from './flow.ts';
import { amendmentBilling } from './flows/amendment-billing.ts';
import { milestoneInvoice } from './flows/milestone-invoice.ts';
import { reconciliation } from './flows/reconciliation.ts';
import type { StartMessage } from './trigger-events.ts';

// Flows by name and version. A run is pinned to the version that started it, so a flow change
// never alters a run already under way. A worker keeps every version that may still have runs.
const FLOWS: Record<string, Record<number, Flow>> = {
  [contractActivation.name]: { [contractActivationV1.version]: contractActivationV1, [contractActivation.version]: contractActivation },
  [amendmentBilling.name]: { [amendmentBilling.version]: amendmentBilling },
  [milestoneInvoice.name]: { [milestoneInvoice.version]: milestoneInvoice },
  [reconciliation.name]: { [reconciliation.version]: reconciliation },
};

export function findFlow(name: string, version: number): Flow | undefined {
  return FLOWS[name]?.[version];
}

// The newest version of a flow, which new runs start on.
export function latestFlow(name: string): Flow | undefined {
  const versions = FLOWS[name];
  if (!versions) return undefined;
  const newest = Math.max(...Object.keys(versions).map(Number));
  return versions[newest];
}

// The flow an event starts, and the key that makes one run per contract, amendment or milestone.
export function startFor(message: StartMessage): { flow: Flow; triggerKey: string } {
  switch (message.type) {
    case 'contract.executed': {
      const { data } = message;
      return { flow: contractActivation, triggerKey: data.origin === 'clm' ? `clm:${data.connectorId}:${data.workflowId}` : `api:${data.contractId}` };
    }
    case 'contract.amended':
      return { flow: amendmentBilling, triggerKey: `clm:${message.data.connectorId}:${message.data.workflowId}` };
    case 'milestone.completed':
      return { flow: milestoneInvoice, triggerKey: `psa:${message.data.connectorId}:${message.data.storyId}` };
    case 'reconciliation.requested':
      return { flow: reconciliation, triggerKey: `reconciliation:${message.data.reconciliationId}` };
  }
}
