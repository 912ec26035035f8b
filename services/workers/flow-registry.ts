import type { ContractExecutedData } from '../core/events.ts';
import { contractActivation, contractActivationV1 } from './flows/contract-activation.ts';
import type { Flow } from './flow.ts';

// Flows by name and version. A run is pinned to the version that started it, so a flow change
// never alters a run already under way. A worker keeps every version that may still have runs.
const FLOWS: Record<string, Record<number, Flow>> = {
  [contractActivation.name]: { [contractActivationV1.version]: contractActivationV1, [contractActivation.version]: contractActivation },
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

// The flow a contract.executed event starts, and the key that makes one run per contract.
export function activationFor(data: ContractExecutedData): { flow: Flow; triggerKey: string } {
  const triggerKey = data.origin === 'clm' ? `clm:${data.connectorId}:${data.workflowId}` : `api:${data.contractId}`;
  return { flow: contractActivation, triggerKey };
}
