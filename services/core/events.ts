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

// An amendment signed in the CLM: its own workflow, which names the workflow it amends.
export interface ContractAmendedData {
  origin: 'clm';
  connectorId: string;
  workflowId: string;
  inboundEventId: string;
}

// A milestone marked completed in the PSA.
export interface MilestoneCompletedData {
  origin: 'psa';
  connectorId: string;
  storyId: string;
  workspaceId: string;
  inboundEventId: string;
}

export interface InvoiceReadyData {
  contractId: string;
  milestoneId: string;
  invoiceId: string;
  runId: string;
  legalEntity: string;
  externalIds: Record<string, string>;
}

// A reconciliation pass requested through the API or by the schedule; its row already exists.
export interface ReconciliationRequestedData {
  reconciliationId: string;
  // The active contracts to compare, or every active contract of the tenant when absent.
  contractIds?: string[];
}

// An admin's request to send one partner delivery again.
export interface PartnerDeliveryResendData {
  deliveryId: string;
}

export interface EventTypes {
  'contract.executed': ContractExecutedData;
  'contract.amended': ContractAmendedData;
  'milestone.completed': MilestoneCompletedData;
  'project.activated': ProjectActivatedData;
  'invoice.ready': InvoiceReadyData;
  'reconciliation.requested': ReconciliationRequestedData;
  'partner-delivery.resend-requested': PartnerDeliveryResendData;
}

// The events partners may subscribe their endpoints to.
export const PARTNER_EVENT_TYPES = ['project.activated', 'invoice.ready'] as const;

// The events a source system's webhook can start.
export type InboundTriggerType = 'contract.executed' | 'contract.amended' | 'milestone.completed';

export type EventType = keyof EventTypes;

export const EVENT_SOURCE = {
  gateway: 'urn:throughline:gateway',
  worker: 'urn:throughline:worker',
} as const;
