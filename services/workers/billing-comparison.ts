import { Decimal } from 'decimal.js';
import type { ErpNextSalesOrderDetail } from '../connectors/erp/erpnext-types.ts';
import type { BillingScheduleLineRow } from '../core/models/region.ts';
import type { ContractBilling } from './billing-facts.ts';
import type { ContractTerms } from './contract-terms.ts';

// Compares a contract's terms (as signed in the CLM, with its applied amendments) with the sales
// order that is its billing schedule in the ERP, and lists each difference as a gap naming the
// field. Amounts compare as decimals, to the cent.

export interface BillingGap {
  field: string;
  clmValue: string | null;
  erpValue: string | null;
}

const cents = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const differ = (first: Decimal.Value, second: Decimal.Value) => !cents(first).equals(cents(second));

// The ERP ids that the contract's lineage (external_refs) records for its customer and project.
export type ContractLineage = Pick<ContractBilling, 'erpCustomer' | 'erpProject'>;

export function findBillingGaps(terms: ContractTerms, scheduleLines: BillingScheduleLineRow[], order: ErpNextSalesOrderDetail, lineage: ContractLineage): BillingGap[] {
  const gaps: BillingGap[] = [];
  const gap = (field: string, clmValue: string | null, erpValue: string | null) => gaps.push({ field, clmValue, erpValue });

  // An order number that now belongs to another customer or project is not this contract's
  // billing schedule, even when its amounts match.
  if (order.customer !== lineage.erpCustomer) gap('salesOrder.customer', lineage.erpCustomer, order.customer);
  if ((order.project ?? null) !== lineage.erpProject) gap('salesOrder.project', lineage.erpProject, order.project ?? null);

  if (differ(terms.contract.totalValue, order.net_total)) gap('totalValue', terms.contract.totalValue, cents(order.net_total).toFixed(2));
  if (terms.contract.currency !== order.currency) gap('currency', terms.contract.currency, order.currency);

  // Each contract line is one order item, matched by description.
  const items = new Map(order.items.map((item) => [item.description, item]));
  for (const line of terms.lines) {
    const item = items.get(line.description);
    if (!item) gap(`lines[${line.lineNo}]`, `${line.quantity} x ${line.unitPrice}`, null);
    else if (differ(line.unitPrice, item.rate) || !new Decimal(line.quantity).equals(item.qty)) {
      gap(`lines[${line.lineNo}].rate`, `${new Decimal(line.quantity).toString()} x ${cents(line.unitPrice).toFixed(2)}`, `${new Decimal(item.qty).toString()} x ${cents(item.rate).toFixed(2)}`);
    }
  }

  // Each role billed by time and materials bills at its rate card rate.
  const rates = new Map(terms.rateCard.map((entry) => [entry.role, entry.rate]));
  for (const line of terms.lines.filter((candidate) => candidate.billingType === 'time-and-materials' && candidate.role)) {
    const rate = rates.get(line.role!);
    if (rate && differ(rate, line.unitPrice)) gap(`rateCard.${line.role}`, rate, cents(line.unitPrice).toFixed(2));
  }

  // Each milestone is one payment schedule row, matched by description: same due date, and the
  // gross amount the billing schedule decided (net plus its tax).
  const payments = new Map(order.payment_schedule.map((row) => [row.description ?? '', row]));
  for (const milestone of terms.milestones) {
    const payment = payments.get(milestone.name);
    const line = scheduleLines.find((candidate) => candidate.milestoneId === milestone.id);
    if (!payment) {
      gap(`milestones.${milestone.name}`, `${milestone.amount} due ${milestone.dueDate}`, null);
      continue;
    }
    if (payment.due_date !== milestone.dueDate) gap(`milestones.${milestone.name}.dueDate`, milestone.dueDate, payment.due_date);
    const gross = line ? new Decimal(line.netAmount).plus(line.taxAmount) : undefined;
    if (gross && differ(gross, payment.payment_amount)) gap(`milestones.${milestone.name}.amount`, gross.toFixed(2), cents(payment.payment_amount).toFixed(2));
  }
  return gaps;
}
