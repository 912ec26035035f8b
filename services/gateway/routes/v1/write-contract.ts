import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { API_SOURCE } from '../../../core/canonical.ts';
import { cloudEvent, type CloudEvent } from '../../../core/cloudevent.ts';
import { EVENT_SOURCE, type ContractExecutedData } from '../../../core/events.ts';
import type { ContractLineRow, ContractRow, MilestoneRow, RateCardEntryRow } from '../../../core/models/region.ts';
import { OUTBOX_COLUMNS, outboxValues } from '../../../core/outbox.ts';
import { queryPrepared } from '../../../core/prepared.ts';
import { problems } from '../../../core/problem.ts';
import type { ApiRequest } from '../route-table.ts';
import type { ContractInput } from './contract-schemas.ts';
import type { ContractParts } from './contract-resource.ts';

// Orders text by code unit, as PostgreSQL's C and C.UTF-8 collations do below U+FFFF.
// NOTE: a database created with a language collation would list a later read in its own order.
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// The contract with its parts, its audit record and, when `$16` is true, its outbox event, in one
// statement: each statement is a round trip. Nothing is written unless the customer belongs to the
// tenant, because the foreign key alone would accept another tenant's customer. Numbers and dates
// come back as text, as Sequelize returns those columns.
const WRITE_CONTRACT = `
  WITH customer AS (SELECT id FROM customers WHERE id = $3::uuid AND tenant_id = $2::uuid),
  contract AS (
    INSERT INTO contracts (id, tenant_id, customer_id, title, status, currency, total_value, service_category, start_date, end_date, executed_at, source, source_ref)
    SELECT $1::uuid, $2::uuid, customer.id, $4::text, $5::text, $6::text, $7::numeric, $8::text, $9::date, $10::date,
      CASE WHEN $5::text = 'executed' THEN now() END, $11::text, $12::text
    FROM customer
    RETURNING id, tenant_id AS "tenantId", customer_id AS "customerId", title, status, currency, total_value::text AS "totalValue",
      service_category AS "serviceCategory", start_date::text AS "startDate", end_date::text AS "endDate", executed_at AS "executedAt",
      source, source_ref AS "sourceRef", created_at AS "createdAt", updated_at AS "updatedAt"),
  rate_card AS (
    INSERT INTO rate_card_entries (id, tenant_id, contract_id, role, unit, rate)
    SELECT gen_random_uuid(), $2::uuid, contract.id, entry.role, entry.unit, entry.rate
    FROM contract, jsonb_to_recordset($13::jsonb) AS entry(role text, unit text, rate numeric)
    RETURNING id, tenant_id AS "tenantId", contract_id AS "contractId", role, unit, rate::text AS rate),
  lines AS (
    INSERT INTO contract_lines (id, tenant_id, contract_id, line_no, description, billing_type, role, quantity, unit_price, amount)
    SELECT gen_random_uuid(), $2::uuid, contract.id, line."lineNo", line.description, line."billingType", line.role, line.quantity, line."unitPrice", line.amount
    FROM contract, jsonb_to_recordset($14::jsonb)
      AS line("lineNo" integer, description text, "billingType" text, role text, quantity numeric, "unitPrice" numeric, amount numeric)
    RETURNING id, tenant_id AS "tenantId", contract_id AS "contractId", line_no AS "lineNo", description, billing_type AS "billingType", role,
      quantity::text AS quantity, unit_price::text AS "unitPrice", amount::text AS amount),
  milestones AS (
    INSERT INTO milestones (id, tenant_id, contract_id, name, due_date, amount, status)
    SELECT gen_random_uuid(), $2::uuid, contract.id, milestone.name, milestone."dueDate", milestone.amount, 'planned'
    FROM contract, jsonb_to_recordset($15::jsonb) AS milestone(name text, "dueDate" date, amount numeric)
    RETURNING id, tenant_id AS "tenantId", contract_id AS "contractId", name, due_date::text AS "dueDate", amount::text AS amount, status),
  audit AS (
    INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
    SELECT $2::uuid, $17::text, 'create', 'contract', contract.id::text, $18::text FROM contract),
  event AS (
    INSERT INTO outbox (${OUTBOX_COLUMNS})
    SELECT $19::uuid, $2::uuid, $20::text, contract.id::text, $21::jsonb FROM contract WHERE $16::boolean)
  SELECT (SELECT row_to_json(contract) FROM contract) AS contract,
    (SELECT coalesce(json_agg(rate_card), '[]') FROM rate_card) AS "rateCard",
    (SELECT coalesce(json_agg(lines), '[]') FROM lines) AS lines,
    (SELECT coalesce(json_agg(milestones), '[]') FROM milestones) AS milestones`;

interface WrittenContract {
  contract: (Omit<ContractRow, 'executedAt' | 'createdAt' | 'updatedAt'> & { executedAt: string | null; createdAt: string; updatedAt: string }) | null;
  rateCard: RateCardEntryRow[];
  lines: ContractLineRow[];
  milestones: MilestoneRow[];
}

// The contract.executed event that starts contract-to-project activation, written with the contract
// so it exists exactly when the executed contract does. A draft gets no event.
function contractExecuted(request: ApiRequest, contractId: string, executed: boolean): CloudEvent | undefined {
  if (!executed) return undefined;
  const { tenantId, region } = request.principal;
  return cloudEvent<ContractExecutedData>({
    type: 'contract.executed',
    source: EVENT_SOURCE.gateway,
    subject: contractId,
    tenant: tenantId,
    region,
    ...(request.traceparent ? { traceparent: request.traceparent } : {}),
    data: { origin: 'api', contractId },
  });
}

// Writes a contract with its rate card, lines and milestones, its audit record and, for an
// executed contract, its contract.executed event. Call inside withTenant; returns the rows as
// stored (amounts in the column's scale, parts in the order a read lists them), so the response
// needs no second read.
export async function writeContract(request: ApiRequest, input: ContractInput, transaction: Transaction): Promise<ContractParts> {
  const { tenantId } = request.principal;
  const contractId = randomUUID();
  const event = contractExecuted(request, contractId, input.status === 'executed');
  const [eventId, , eventType, , envelope] = event ? outboxValues(event) : [null, null, null, null, null];
  const lines = input.lines.map((line, index) => ({ ...line, lineNo: index + 1, role: line.role ?? null }));

  const [written] = await queryPrepared<WrittenContract>(transaction, WRITE_CONTRACT, [
    contractId, tenantId, input.customerId, input.title, input.status, input.currency, input.totalValue, input.serviceCategory,
    input.startDate, input.endDate ?? null, API_SOURCE, input.externalRef ?? null,
    JSON.stringify(input.rateCard), JSON.stringify(lines), JSON.stringify(input.milestones), event !== undefined,
    request.principal.clientId, request.requestId, eventId, eventType, envelope,
  ]);
  if (!written?.contract) throw problems.validation([{ field: 'customerId', message: 'does not name a customer of this tenant' }]);
  if (event) request.log.info({ tenantId, contractId, eventId: event.id }, 'contract.executed event written to the outbox');

  const { executedAt, createdAt, updatedAt } = written.contract;
  return {
    contract: { ...written.contract, executedAt: executedAt ? new Date(executedAt) : null, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) },
    rateCard: written.rateCard.sort((a, b) => compareText(a.role, b.role)),
    lines: written.lines.sort((a, b) => a.lineNo - b.lineNo),
    milestones: written.milestones.sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.name, b.name)),
  };
}
