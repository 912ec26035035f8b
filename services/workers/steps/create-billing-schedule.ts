import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Transaction } from 'sequelize';
import { queryPrepared } from '../../core/prepared.ts';
import { erpNextRecordUrl } from '../../connectors/erp/erpnext-links.ts';
import type { NewPaymentScheduleRow, NewSalesOrderTax } from '../../connectors/erp/erpnext-types.ts';
import { erpClient } from '../connector-clients.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { upsertExternalRefsSql, type OutsideLink } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import type { ChosenLegalEntity } from './choose-legal-entity.ts';
import type { TaxedSchedule } from './determine-tax.ts';
import type { LoadedContract } from './load-contract.ts';
import type { ErpCustomer } from './upsert-erp-customer.ts';
import type { ErpProject } from './create-erp-project.ts';

export interface ErpBillingSchedule {
  billingScheduleId: string;
  erpSalesOrder: string;
}

// ERPNext models a billing schedule as a Sales Order against the project: the items are the
// contract lines and the payment schedule holds each milestone's due date and amount. The order's
// PO number is our contract id, so a retry finds the order it made.
export const createBillingSchedule: Step<ErpBillingSchedule> = {
  name: 'create-billing-schedule',
  effect: { objectType: 'billing-schedule', system: 'erp' },

  async run(context) {
    const { scope, run } = context;
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const { erpCustomer } = outputOf<ErpCustomer>(context, 'upsert-erp-customer');
    const { projectId, erpProject } = outputOf<ErpProject>(context, 'create-erp-project');
    const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
    const schedule = outputOf<TaxedSchedule>(context, 'determine-tax');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const { client, connector } = await erpClient(context);

    // Only this step makes the contract's sales order, so a first call has nothing to find.
    const found = context.neverCalled ? undefined : await client.findSalesOrderByPoNo(contractId);
    const record = found ?? await client.createSalesOrder({
      customer: erpCustomer,
      project: erpProject,
      company: entity.name,
      currency: schedule.currency,
      po_no: contractId,
      transaction_date: terms.contract.startDate,
      delivery_date: terms.contract.endDate ?? terms.contract.startDate,
      items: terms.lines.map((line) => ({
        item_code: line.role ?? line.billingType,
        description: line.description,
        qty: line.quantity,
        rate: line.unitPrice,
      })),
      taxes: [salesOrderTax(schedule)],
      payment_schedule: paymentSchedule(schedule),
    });

    return { persist: async (transaction) => {
      const billingScheduleId = await saveSchedule(scope, transaction, { contractId, projectId, schedule }, {
        connectorId: connector.id,
        externalId: record.name,
        externalUrl: erpNextRecordUrl(connector.baseUrl, 'Sales Order', record.name),
        runId: run.id,
      });
      return { billingScheduleId, erpSalesOrder: record.name };
    } };
  },
};

// ERPNext applies an "On Net Total" tax row to the whole order, so one row carries the contract's
// treatment. The rule packs decide per line; a contract whose lines get different rates would
// need item tax templates, which this step does not make yet.
export function salesOrderTax(schedule: TaxedSchedule): NewSalesOrderTax {
  const rates = new Set(schedule.lines.map((line) => new Decimal(line.tax.rate).toString()));
  if (rates.size !== 1) {
    throw new PermanentStepError(
      `The billing lines carry ${rates.size} different tax rates (${[...rates].join(', ')}), and one ERP order can apply only one.`,
      'Split the contract so each part has one tax treatment, or bill the lines by hand, then resolve the exception.',
    );
  }
  const [first] = schedule.lines;
  const notes = [...new Set(schedule.lines.flatMap((line) => line.tax.notes))];
  return {
    charge_type: 'On Net Total',
    account_head: `VAT ${first!.tax.taxCountry} ${first!.tax.treatment}`,
    description: [`${first!.tax.treatment} (${first!.tax.taxCountry})`, ...notes].join(' | '),
    rate: new Decimal(first!.tax.rate).times(100).toString(),
  };
}

// Instalments are gross (net plus tax). ERPNext rounds the order's tax once on the net total, so
// the last instalment absorbs the cent that rounding each line separately can leave over.
export function paymentSchedule(schedule: TaxedSchedule): NewPaymentScheduleRow[] {
  const rate = new Decimal(schedule.lines[0]?.tax.rate ?? 0);
  const netTotal = schedule.lines.reduce((sum, line) => sum.plus(line.netAmount), new Decimal(0));
  const grandTotal = netTotal.plus(netTotal.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
  let allocated = new Decimal(0);

  return schedule.lines.map((line, index) => {
    const last = index === schedule.lines.length - 1;
    const gross = last ? grandTotal.minus(allocated) : new Decimal(line.netAmount).plus(line.tax.taxAmount.amount);
    allocated = allocated.plus(gross);
    const portion = grandTotal.isZero() ? new Decimal(0) : gross.times(100).dividedBy(grandTotal).toDecimalPlaces(6);
    return { due_date: line.dueDate, invoice_portion: portion.toString(), payment_amount: gross.toFixed(2), description: line.description };
  });
}

async function saveSchedule(
  scope: { tenantId: string; region: string },
  transaction: Transaction,
  { contractId, projectId, schedule }: { contractId: string; projectId: string; schedule: TaxedSchedule },
  salesOrder: OutsideLink,
): Promise<string> {
  const lines = schedule.lines.map((line) => ({
    milestoneId: line.milestoneId,
    description: line.description,
    dueDate: line.dueDate,
    netAmount: line.netAmount,
    taxTreatment: line.tax.treatment,
    taxRate: line.tax.rate,
    taxAmount: line.tax.taxAmount.amount,
    taxCountry: line.tax.taxCountry,
    invoiceNotes: line.tax.notes,
    decidedBy: line.tax.trail,
  }));
  // One statement: the schedule and its lines are inserted only when the contract has no current
  // schedule, which a retried step may have stored already, and the stored schedule is linked to
  // the sales order.
  const [row] = await queryPrepared<{ id: string }>(transaction,
    `WITH existing AS (SELECT id FROM billing_schedules WHERE contract_id = $3::uuid AND status = 'current'),
     schedule AS (
       INSERT INTO billing_schedules (id, tenant_id, contract_id, project_id, currency)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::text WHERE NOT EXISTS (SELECT 1 FROM existing)
       RETURNING id),
     lines AS (
       INSERT INTO billing_schedule_lines (id, tenant_id, billing_schedule_id, milestone_id, description, due_date, net_amount,
         tax_treatment, tax_rate, tax_amount, tax_country, invoice_notes, decided_by)
       SELECT gen_random_uuid(), $2::uuid, schedule.id, line."milestoneId", line.description, line."dueDate", line."netAmount",
         line."taxTreatment", line."taxRate", line."taxAmount", line."taxCountry",
         ARRAY(SELECT jsonb_array_elements_text(line."invoiceNotes")), line."decidedBy"
       FROM schedule, jsonb_to_recordset($6::jsonb) AS line("milestoneId" uuid, description text, "dueDate" date, "netAmount" numeric,
         "taxTreatment" text, "taxRate" numeric, "taxAmount" numeric, "taxCountry" text, "invoiceNotes" jsonb, "decidedBy" jsonb)
       RETURNING id),
     stored AS (SELECT id FROM schedule UNION ALL SELECT id FROM existing),
     link AS (${upsertExternalRefsSql(`SELECT gen_random_uuid(), $2::uuid, $3::uuid, 'billing-schedule', stored.id, 'erp', $7::uuid, $8, $9, $10::uuid,
       'create-billing-schedule' FROM stored`)})
     SELECT id FROM stored`,
    [randomUUID(), scope.tenantId, contractId, projectId, schedule.currency, JSON.stringify(lines), salesOrder.connectorId, salesOrder.externalId, salesOrder.externalUrl, salesOrder.runId]);
  if (!row) throw new Error(`Billing schedule of contract ${contractId} was neither stored nor found.`);
  return row.id;
}
