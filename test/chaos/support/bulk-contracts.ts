import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../../services/core/database.ts';
import { EVENT_SOURCE } from '../../../services/core/events.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';

// Writes `count` executed contracts and their contract.executed events straight to the region
// database in one transaction, the rows the gateway's POST /v1/contracts would write one request at
// a time. A flood test uses it when the gateway is not what it measures. Returns the contract ids.
export async function insertExecutedContracts(scope: TenantScope, count: number): Promise<string[]> {
  const database = regionDatabase(scope.region);
  return withTenant(scope, async (transaction) => {
    const customerId = randomUUID();
    await database.query(
      `INSERT INTO customers (id, tenant_id, name, country, tax_id) VALUES (:customerId, :tenantId, 'Northwind Logistics SARL', 'FR', 'FR32123456789')`,
      { replacements: { customerId, tenantId: scope.tenantId }, transaction });
    const rows = await database.query<{ id: string }>(
      `INSERT INTO contracts (id, tenant_id, customer_id, title, status, currency, total_value, start_date, end_date, executed_at)
       SELECT gen_random_uuid(), :tenantId, :customerId, 'Finance systems implementation ' || n, 'executed', 'EUR', 116000.00, '2027-01-01', '2027-12-31', now()
       FROM generate_series(1, :count) AS n RETURNING id`,
      { replacements: { tenantId: scope.tenantId, customerId, count }, type: QueryTypes.SELECT, transaction });
    const ids = rows.map((row) => row.id);
    await insertTerms(scope, ids, transaction);
    await insertEvents(scope, ids, transaction);
    return ids;
  });
}

// The same rate card, lines and milestone as the partner API's example contract.
async function insertTerms(scope: TenantScope, ids: string[], transaction: Transaction): Promise<void> {
  const database = regionDatabase(scope.region);
  const replacements = { tenantId: scope.tenantId, ids };
  await database.query(
    `INSERT INTO rate_card_entries (id, tenant_id, contract_id, role, unit, rate)
     SELECT gen_random_uuid(), :tenantId, id, 'consultant', 'day', 1200.00 FROM unnest(ARRAY[:ids]::uuid[]) AS id`, { replacements, transaction });
  await database.query(
    `INSERT INTO contract_lines (id, tenant_id, contract_id, line_no, description, billing_type, role, quantity, unit_price, amount)
     SELECT gen_random_uuid(), :tenantId, id, line.no, line.description, line.billing_type, line.role, line.quantity, line.unit_price, line.amount
     FROM unnest(ARRAY[:ids]::uuid[]) AS id
     CROSS JOIN (VALUES (1, 'Discovery workshop', 'fixed-fee', NULL, 1, 20000.00, 20000.00),
                        (2, 'Implementation', 'time-and-materials', 'consultant', 80, 1200.00, 96000.00))
       AS line(no, description, billing_type, role, quantity, unit_price, amount)`, { replacements, transaction });
  await database.query(
    `INSERT INTO milestones (id, tenant_id, contract_id, name, due_date, amount)
     SELECT gen_random_uuid(), :tenantId, id, 'Go-live', '2027-06-30', 20000.00 FROM unnest(ARRAY[:ids]::uuid[]) AS id`, { replacements, transaction });
}

// One CloudEvents envelope per contract, in contract order, as the gateway's outbox write makes it.
async function insertEvents(scope: TenantScope, ids: string[], transaction: Transaction): Promise<void> {
  await regionDatabase(scope.region).query(
    `WITH event AS (
       SELECT gen_random_uuid() AS id, contract.id AS contract_id, contract.position
       FROM unnest(ARRAY[:ids]::uuid[]) WITH ORDINALITY AS contract(id, position))
     INSERT INTO outbox (id, tenant_id, event_type, subject, envelope)
     SELECT event.id, :tenantId, 'contract.executed', event.contract_id, jsonb_build_object(
       'specversion', '1.0', 'id', event.id, 'source', :source, 'type', 'contract.executed', 'subject', event.contract_id,
       'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'datacontenttype', 'application/json',
       'tenant', :tenantId, 'region', :region, 'data', jsonb_build_object('origin', 'api', 'contractId', event.contract_id))
     FROM event ORDER BY event.position`,
    { replacements: { tenantId: scope.tenantId, region: scope.region, source: EVENT_SOURCE.gateway, ids }, transaction });
}
