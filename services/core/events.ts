// The closed set of event types on the `events` exchange and the data each carries. Consumers
// switch over these, so adding a type makes the compiler point at every handler that must learn it.

export interface ContractExecutedFromClm {
  origin: 'clm';
  connectorId: string;
  workflowId: string;
  inboundEventId: string;
}

export interface ContractExecutedFromApi {
  origin: 'api';
  contractId: string;
}

export type ContractExecutedData = ContractExecutedFromClm | ContractExecutedFromApi;

export interface ProjectActivatedData {
  contractId: string;
  projectId: string;
  runId: string;
  legalEntity: string;
  externalIds: Record<string, string>;
}

export interface EventTypes {
  'contract.executed': ContractExecutedData;
  'project.activated': ProjectActivatedData;
}

export type EventType = keyof EventTypes;

export const EVENT_SOURCE = {
  gateway: 'urn:throughline:gateway',
  worker: 'urn:throughline:worker',
} as const;
