import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from './database.ts';

// The lineage of a contract: its customer, the objects made from it (projects, billing
// schedules, invoices), the ids each has in the outside systems and the runs that made them.
// The external_refs table is the record. The partner API and the portal both read it here and
// differ only in what they present.

export interface LineageContract {
  id: string;
  title: string;
  status: string;
  totalValue: string;
  currency: string;
  executedAt: Date | null;
  customerId: string;
  customerName: string;
  customerCountry: string;
}

/** One external id of a canonical object, with the connector behind it and the step that made it. */
export interface LineageRef {
  objectType: string;
  objectId: string;
  /** Contract the link was made for; null for a customer linked before any contract. */
  contractId: string | null;
  system: string;
  connectorId: string;
  connector: string;
  driver: string;
  externalId: string;
  externalUrl: string | null;
  runId: string | null;
  flow: string | null;
  flowVersion: number | null;
  stepName: string | null;
  createdAt: Date;
}

export interface LineageRun {
  id: string;
  flow: string;
  flowVersion: number;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface ContractLineageRecords {
  contract: LineageContract;
  projects: { id: string; name: string; status: string; legalEntityCode: string }[];
  schedules: { id: string; version: number; status: string; currency: string; lines: number }[];
  invoices: { id: string; netAmount: string; currency: string; status: string; legalEntityCode: string }[];
  /** External ids of the contract, its customer and everything made from the contract, oldest first. */
  refs: LineageRef[];
  /** Runs about the contract, oldest first. */
  runs: LineageRun[];
}

type Select = <Row extends object>(sql: string, replacements?: Record<string, unknown>) => Promise<Row[]>;

const CONTRACT_SQL = `SELECT c.id, c.title, c.status, c.total_value AS "totalValue", c.currency, c.executed_at AS "executedAt",
    c.customer_id AS "customerId", u.name AS "customerName", u.country AS "customerCountry"
  FROM contracts c JOIN customers u ON u.id = c.customer_id WHERE c.tenant_id = :tenantId AND c.id = :contractId`;

const PROJECTS_SQL = `SELECT id, name, status, legal_entity_code AS "legalEntityCode" FROM projects
  WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY created_at`;

const SCHEDULES_SQL = `SELECT s.id, s.version, s.status, s.currency,
    (SELECT count(*)::int FROM billing_schedule_lines l WHERE l.billing_schedule_id = s.id) AS lines
  FROM billing_schedules s WHERE s.tenant_id = :tenantId AND s.contract_id = :contractId ORDER BY s.version`;

const INVOICES_SQL = `SELECT id, net_amount AS "netAmount", currency, status, legal_entity_code AS "legalEntityCode" FROM invoices
  WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY created_at`;

// The customer's own links carry no contract id when another contract made them first, so they
// are found by object id as well.
const REFS_SQL = `SELECT r.object_type AS "objectType", r.object_id AS "objectId", r.contract_id AS "contractId", r.system,
    r.connector_id AS "connectorId", c.slug AS "connector", c.driver, r.external_id AS "externalId", r.external_url AS "externalUrl",
    r.run_id AS "runId", w.flow, w.flow_version AS "flowVersion", r.step_name AS "stepName", r.created_at AS "createdAt"
  FROM external_refs r
  JOIN connectors c ON c.id = r.connector_id
  LEFT JOIN workflow_runs w ON w.id = r.run_id
  WHERE r.tenant_id = :tenantId AND (r.contract_id = :contractId OR r.object_id IN (:contractId, :customerId))
  ORDER BY r.created_at, r.system, r.object_type`;

const RUNS_SQL = `SELECT id, flow, flow_version AS "flowVersion", status, started_at AS "startedAt", finished_at AS "finishedAt"
  FROM workflow_runs WHERE tenant_id = :tenantId AND contract_id = :contractId ORDER BY started_at`;

// Reads the lineage of one contract of the tenant, or returns null when the tenant has no such
// contract. Run it inside withTenant, so row-level security backs up the tenant conditions.
export async function readContractLineage(region: string, tenantId: string, contractId: string, transaction: Transaction): Promise<ContractLineageRecords | null> {
  const select: Select = (sql, extra = {}) =>
    regionDatabase(region).query(sql, { replacements: { tenantId, contractId, ...extra }, type: QueryTypes.SELECT, transaction });

  const [contract] = await select<LineageContract>(CONTRACT_SQL);
  if (!contract) return null;

  return {
    contract,
    projects: await select(PROJECTS_SQL),
    schedules: await select(SCHEDULES_SQL),
    invoices: await select(INVOICES_SQL),
    refs: await select<LineageRef>(REFS_SQL, { customerId: contract.customerId }),
    runs: await select<LineageRun>(RUNS_SQL),
  };
}
