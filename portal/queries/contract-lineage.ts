import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';

// The lineage of a contract: the customer, the contract, its projects, billing schedules and
// invoices, each with the ids the outside systems gave it, from the external_refs table.
// NOTE: this reads the tables directly because no shared lineage module exists yet. Switch to it
// when services/workers offers one, so that the API and the portal show the same lineage.

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

interface RefRow extends ExternalId {
  objectType: string;
  objectId: string;
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

async function select<T extends object>(region: string, sql: string, replacements: Record<string, unknown>, transaction: Transaction): Promise<T[]> {
  return regionDatabase(region).query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

export async function findContractLineage(region: string, tenantId: string, contractId: string, transaction: Transaction): Promise<ContractLineage | null> {
  const ids = { tenantId, contractId };
  const [contract] = await select<ContractLineage['contract'] & { customerId: string; customerName: string; customerCountry: string }>(region,
    `SELECT c.id, c.title, c.status, c.total_value AS "totalValue", c.currency, c.executed_at AS "executedAt",
       c.customer_id AS "customerId", u.name AS "customerName", u.country AS "customerCountry"
     FROM contracts c JOIN customers u ON u.id = c.customer_id WHERE c.tenant_id = :tenantId AND c.id = :contractId`, ids, transaction);
  if (!contract) return null;

  const projects = await select<{ id: string; name: string; status: string; legalEntityCode: string }>(region,
    'SELECT id, name, status, legal_entity_code AS "legalEntityCode" FROM projects WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY created_at', ids, transaction);
  const schedules = await select<{ id: string; version: number; status: string; currency: string; lines: number }>(region,
    `SELECT s.id, s.version, s.status, s.currency, (SELECT count(*)::int FROM billing_schedule_lines l WHERE l.billing_schedule_id = s.id) AS lines
     FROM billing_schedules s WHERE s.tenant_id = :tenantId AND s.contract_id = :contractId ORDER BY s.version`, ids, transaction);
  const invoices = await select<{ id: string; netAmount: string; currency: string; status: string; legalEntityCode: string }>(region,
    `SELECT id, net_amount AS "netAmount", currency, status, legal_entity_code AS "legalEntityCode" FROM invoices
     WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY created_at`, ids, transaction);
  const refs = await select<RefRow>(region,
    `SELECT object_type AS "objectType", object_id AS "objectId", system, external_id AS "externalId", external_url AS url,
       run_id AS "runId", step_name AS "stepName"
     FROM external_refs WHERE tenant_id = :tenantId AND (contract_id = :contractId OR object_id IN (:contractId, :customerId))
     ORDER BY created_at`, { ...ids, customerId: contract.customerId }, transaction);
  const runs = await select<ContractLineage['runs'][number]>(region,
    'SELECT id, flow, status, started_at AS "startedAt" FROM workflow_runs WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY started_at', ids, transaction);

  const externalIdsOf = (objectType: string, objectId: string) => refs
    .filter((ref) => ref.objectType === objectType && ref.objectId === objectId)
    .map((ref) => ({ system: ref.system, externalId: ref.externalId, url: safeUrl(ref.url), runId: ref.runId, stepName: ref.stepName }));

  const nodes: LineageNode[] = [
    { objectType: 'customer', id: contract.customerId, label: contract.customerName, detail: `Customer in ${contract.customerCountry}`, externalIds: externalIdsOf('customer', contract.customerId) },
    { objectType: 'contract', id: contract.id, label: contract.title, detail: `${contract.totalValue} ${contract.currency}, ${contract.status}`, externalIds: externalIdsOf('contract', contract.id) },
    ...projects.map((project) => ({ objectType: 'project', id: project.id, label: project.name, detail: `Billed by ${project.legalEntityCode}, ${project.status}`, externalIds: externalIdsOf('project', project.id) })),
    ...schedules.map((schedule) => ({ objectType: 'billing-schedule', id: schedule.id, label: `Billing schedule v${schedule.version}`, detail: `${schedule.lines} lines in ${schedule.currency}, ${schedule.status}`, externalIds: externalIdsOf('billing-schedule', schedule.id) })),
    ...invoices.map((invoice) => ({ objectType: 'invoice', id: invoice.id, label: `Invoice ${invoice.status}`, detail: `${invoice.netAmount} ${invoice.currency} net, from ${invoice.legalEntityCode}`, externalIds: externalIdsOf('invoice', invoice.id) })),
  ];
  return { contract, nodes, runs };
}
