import type { CloudEvent } from '../core/cloudevent.ts';
import type { ContractAmendedData, ContractExecutedData, MilestoneCompletedData, ReconciliationRequestedData } from '../core/events.ts';

// The orchestrator's incoming messages, checked before anything is stored. A message that fails
// here is parked with the reason, because no retry can make its data valid.

export const RESUME_REQUESTED = 'workflow.resume-requested';

// An admin's retry or replay: drive the run again from its first step not done.
export interface ResumeRequestedData {
  runId: string;
  requestedBy: string;
  action: 'retry' | 'replay';
}

// An event that starts a run of the flow it names.
export type StartMessage =
  | { kind: 'start'; type: 'contract.executed'; data: ContractExecutedData }
  | { kind: 'start'; type: 'contract.amended'; data: ContractAmendedData }
  | { kind: 'start'; type: 'milestone.completed'; data: MilestoneCompletedData }
  | { kind: 'start'; type: 'reconciliation.requested'; data: ReconciliationRequestedData };

export type OrchestratorMessage =
  | StartMessage
  | { kind: 'resume'; data: ResumeRequestedData }
  | { invalid: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= 500;
}

function checkContractExecuted(data: Record<string, unknown>): string | undefined {
  if (data.origin === 'api') return UUID.test(String(data.contractId)) ? undefined : 'data.contractId is not a UUID';
  if (data.origin !== 'clm') return 'data.origin is neither "clm" nor "api"';
  for (const field of ['connectorId', 'inboundEventId']) {
    if (!UUID.test(String(data[field]))) return `data.${field} is not a UUID`;
  }
  return isText(data.workflowId) ? undefined : 'data.workflowId is missing or not a string';
}

function checkIds(data: Record<string, unknown>, origin: string, ids: string[], texts: string[]): string | undefined {
  if (data.origin !== origin) return `data.origin is not "${origin}"`;
  for (const field of ids) {
    if (!UUID.test(String(data[field]))) return `data.${field} is not a UUID`;
  }
  const missing = texts.find((field) => !isText(data[field]));
  return missing ? `data.${missing} is missing or not a string` : undefined;
}

function checkResumeRequested(data: Record<string, unknown>): string | undefined {
  if (!UUID.test(String(data.runId))) return 'data.runId is not a UUID';
  if (data.action !== 'retry' && data.action !== 'replay') return 'data.action is neither "retry" nor "replay"';
  return isText(data.requestedBy) ? undefined : 'data.requestedBy is missing or not a string';
}

// Reads an envelope the consumer already parsed as a CloudEvent into one of the orchestrator's messages.
export function readOrchestratorMessage(event: CloudEvent): OrchestratorMessage {
  if (!UUID.test(event.tenant)) return { invalid: 'tenant is not a UUID' };
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { invalid: 'data is not a JSON object' };
  const fields = data as Record<string, unknown>;

  if (event.type === 'contract.executed') {
    const problem = checkContractExecuted(fields);
    return problem ? { invalid: `contract.executed: ${problem}` } : { kind: 'start', type: event.type, data: data as ContractExecutedData };
  }
  if (event.type === 'contract.amended') {
    const problem = checkIds(fields, 'clm', ['connectorId', 'inboundEventId'], ['workflowId']);
    return problem ? { invalid: `contract.amended: ${problem}` } : { kind: 'start', type: event.type, data: data as ContractAmendedData };
  }
  if (event.type === 'milestone.completed') {
    const problem = checkIds(fields, 'psa', ['connectorId', 'inboundEventId'], ['storyId', 'workspaceId']);
    return problem ? { invalid: `milestone.completed: ${problem}` } : { kind: 'start', type: event.type, data: data as MilestoneCompletedData };
  }
  if (event.type === 'reconciliation.requested') {
    if (!UUID.test(String(fields.reconciliationId))) return { invalid: 'reconciliation.requested: data.reconciliationId is not a UUID' };
    const { contractIds } = fields;
    if (contractIds !== undefined && !(Array.isArray(contractIds) && contractIds.every((id) => UUID.test(String(id))))) {
      return { invalid: 'reconciliation.requested: data.contractIds is not a list of UUIDs' };
    }
    return { kind: 'start', type: event.type, data: data as ReconciliationRequestedData };
  }
  if (event.type === RESUME_REQUESTED) {
    const problem = checkResumeRequested(fields);
    return problem ? { invalid: `${RESUME_REQUESTED}: ${problem}` } : { kind: 'resume', data: data as ResumeRequestedData };
  }
  return { invalid: `no flow handles event type ${event.type}` };
}
