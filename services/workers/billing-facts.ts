import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../core/database.ts';
import type { BillingScheduleLineRow, LegalEntityRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';

// What invoicing and reconciliation read about an activated contract: the billing entity, the
// ERP ids of its customer, project and sales order, and the current billing schedule's lines.

export interface ContractBilling {
  currency: string;
  entity: LegalEntityRow;
  erpCustomer: string;
  erpProject: string;
  erpSalesOrder: string;
  lines: BillingScheduleLineRow[];
}

async function select<Row extends object>(scope: TenantScope, transaction: Transaction, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return regionDatabase(scope.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

// Returns undefined when the contract was never activated (no project or no ERP records).
export async function loadContractBilling(scope: TenantScope, contractId: string): Promise<ContractBilling | undefined> {
  return withTenant(scope, async (transaction) => {
    const [entity] = await select<LegalEntityRow & { contractCurrency: string }>(scope, transaction,
      `SELECT c.currency AS "contractCurrency", e.id, e.code, e.name, e.country, e.currency, e.tax_id AS "taxId", e.invoice_series AS "invoiceSeries"
       FROM projects p JOIN contracts c ON c.id = p.contract_id
       JOIN legal_entities e ON e.code = p.legal_entity_code AND e.tenant_id = p.tenant_id WHERE p.contract_id = :contractId`, { contractId });
    // The customer's link is recorded once per customer, against the contract that first reached
    // the ERP, so a later contract of the same customer finds it by customer id.
    const refs = await select<{ objectType: string; externalId: string }>(scope, transaction,
      `SELECT DISTINCT ON (r.object_type) r.object_type AS "objectType", r.external_id AS "externalId"
       FROM external_refs r JOIN contracts c ON c.id = :contractId
       WHERE r.system = 'erp' AND (
         (r.object_type = 'customer' AND r.object_id = c.customer_id)
         OR (r.object_type IN ('project', 'billing-schedule') AND r.contract_id = :contractId))
       ORDER BY r.object_type, r.created_at DESC`, { contractId });
    const lines = await select<BillingScheduleLineRow>(scope, transaction,
      `SELECT l.id, l.milestone_id AS "milestoneId", l.description, l.due_date AS "dueDate", l.net_amount AS "netAmount",
         l.tax_treatment AS "taxTreatment", l.tax_rate AS "taxRate", l.tax_amount AS "taxAmount", l.tax_country AS "taxCountry",
         l.invoice_notes AS "invoiceNotes"
       FROM billing_schedule_lines l JOIN billing_schedules s ON s.id = l.billing_schedule_id
       WHERE s.contract_id = :contractId AND s.status = 'current' ORDER BY l.due_date, l.description`, { contractId });
    const byType = new Map(refs.map((ref) => [ref.objectType, ref.externalId]));
    const [erpCustomer, erpProject, erpSalesOrder] = ['customer', 'project', 'billing-schedule'].map((type) => byType.get(type));
    if (!entity || !erpCustomer || !erpProject || !erpSalesOrder) return undefined;
    return { currency: entity.contractCurrency, entity, erpCustomer, erpProject, erpSalesOrder, lines };
  });
}
