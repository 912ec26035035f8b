import type { Transaction } from 'sequelize';
import { readContractLineage, type LineageRef } from '../../services/core/lineage.ts';

// The lineage page's view of a contract: the customer, the contract, its projects, billing
// schedules and invoices as nodes, each with the ids the outside systems gave it. The records
// come from the same shared read as the partner API's lineage.

export interface ExternalId {
  system: string;
  externalId: string;
  /** Link to the record in the outside system, only when it is an http or https URL. */
  url: string | null;
  runId: string | null;
  stepName: string | null;
}

export interface LineageNode {
  objectType: string;
  id: string;
  label: string;
  detail: string;
  externalIds: ExternalId[];
}

export interface ContractLineage {
  contract: { id: string; title: string; status: string; totalValue: string; currency: string; executedAt: Date | null };
  nodes: LineageNode[];
  runs: { id: string; flow: string; status: string; startedAt: Date }[];
}

// Only web links become anchors: a stored javascript: or data: URL must never reach an href.
function safeUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function externalIdsOf(refs: LineageRef[], objectType: string, objectId: string): ExternalId[] {
  return refs
    .filter((ref) => ref.objectType === objectType && ref.objectId === objectId)
    .map((ref) => ({ system: ref.system, externalId: ref.externalId, url: safeUrl(ref.externalUrl), runId: ref.runId, stepName: ref.stepName }));
}

export async function findContractLineage(region: string, tenantId: string, contractId: string, transaction: Transaction): Promise<ContractLineage | null> {
  const records = await readContractLineage(region, tenantId, contractId, transaction);
  if (!records) return null;
  const { contract, projects, schedules, invoices, refs, runs } = records;
  const idsOf = (objectType: string, objectId: string) => externalIdsOf(refs, objectType, objectId);

  const nodes: LineageNode[] = [
    { objectType: 'customer', id: contract.customerId, label: contract.customerName, detail: `Customer in ${contract.customerCountry}`, externalIds: idsOf('customer', contract.customerId) },
    { objectType: 'contract', id: contract.id, label: contract.title, detail: `${contract.totalValue} ${contract.currency}, ${contract.status}`, externalIds: idsOf('contract', contract.id) },
    ...projects.map((project) => ({ objectType: 'project', id: project.id, label: project.name, detail: `Billed by ${project.legalEntityCode}, ${project.status}`, externalIds: idsOf('project', project.id) })),
    ...schedules.map((schedule) => ({ objectType: 'billing-schedule', id: schedule.id, label: `Billing schedule v${schedule.version}`, detail: `${schedule.lines} lines in ${schedule.currency}, ${schedule.status}`, externalIds: idsOf('billing-schedule', schedule.id) })),
    ...invoices.map((invoice) => ({ objectType: 'invoice', id: invoice.id, label: `Invoice ${invoice.status}`, detail: `${invoice.netAmount} ${invoice.currency} net, from ${invoice.legalEntityCode}`, externalIds: idsOf('invoice', invoice.id) })),
  ];
  return { contract, nodes, runs };
}
