import { Decimal } from 'decimal.js';
import type { DoctypeDefinition } from './doctype.ts';
import { linkError, mandatoryError, validationError } from './frappe-error.ts';
import { money, optionalText, readDecimal, requireDate, requireText, type ErpDoc } from './values.ts';

// A Sales Order is how ERPNext stores a billing schedule: items priced at qty x rate, taxes on the
// net total, and a payment schedule that must add up to 100 % and to the grand total.

export const salesOrderDoctype: DoctypeDefinition = {
  name: 'Sales Order',
  fields: ['customer', 'project', 'company', 'currency', 'transaction_date', 'delivery_date', 'po_no', 'items', 'taxes', 'payment_schedule'],
  computedFields: ['total_qty', 'total', 'net_total', 'total_taxes_and_charges', 'grand_total', 'status'],
  children: {
    items: { doctype: 'Sales Order Item', fields: ['item_code', 'item_name', 'description', 'qty', 'rate', 'amount', 'delivery_date'] },
    taxes: { doctype: 'Sales Taxes and Charges', fields: ['charge_type', 'account_head', 'description', 'rate', 'tax_amount'] },
    payment_schedule: { doctype: 'Payment Schedule', fields: ['due_date', 'invoice_portion', 'payment_amount', 'description'] },
  },

  // ERPNext's default series is SAL-ORD-.YYYY.- with a five-digit counter per year.
  autoname(_doc, store) {
    return store.nextInSeries(`SAL-ORD-${new Date().getUTCFullYear()}-`, 5);
  },

  validate(doc, store) {
    const customer = requireText(doc, 'Sales Order', 'customer');
    if (!store.get('Customer', customer)) throw linkError('Customer', customer);
    const project = optionalText(doc, 'Sales Order', 'project');
    if (project !== undefined && !store.get('Project', project)) throw linkError('Project', project);
    requireText(doc, 'Sales Order', 'company');
    requireText(doc, 'Sales Order', 'currency');
    optionalText(doc, 'Sales Order', 'po_no');
    const transactionDate = requireDate(doc, 'Sales Order', 'transaction_date');
    const deliveryDate = requireDate(doc, 'Sales Order', 'delivery_date');
    if (deliveryDate < transactionDate) throw validationError('Delivery Date cannot be before Sales Order Date');

    const items = priceItems(rows(doc, 'items'));
    const netTotal = items.reduce((sum, item) => sum.plus(item.amount as number), new Decimal(0));
    const taxes = computeTaxes(rows(doc, 'taxes'), netTotal);
    const taxTotal = taxes.reduce((sum, tax) => sum.plus(tax.tax_amount as number), new Decimal(0));
    const grandTotal = new Decimal(money(netTotal)).plus(money(taxTotal));
    const schedule = checkPaymentSchedule(rows(doc, 'payment_schedule'), grandTotal, transactionDate);

    return {
      ...doc,
      items,
      taxes,
      payment_schedule: schedule,
      total_qty: items.reduce((sum, item) => sum.plus(item.qty as number), new Decimal(0)).toNumber(),
      total: money(netTotal),
      net_total: money(netTotal),
      total_taxes_and_charges: money(taxTotal),
      grand_total: money(grandTotal),
      status: 'Draft',
    };
  },
};

export function rows(doc: ErpDoc, field: string): ErpDoc[] {
  const value = doc[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((row) => row && typeof row === 'object' && !Array.isArray(row))) {
    throw validationError(`[${String(doc.doctype ?? 'Sales Order')}]: ${field} must be a list of rows`);
  }
  return value as ErpDoc[];
}

// ERPNext recomputes each amount from qty and rate, whatever amount the client sent.
export function priceItems(items: ErpDoc[]): ErpDoc[] {
  if (items.length === 0) throw mandatoryError('Sales Order', 'items');
  return items.map((item, index) => {
    const label = `Row #${index + 1} (Items)`;
    if (typeof item.item_code !== 'string' || item.item_code === '') throw validationError(`${label}: Item Code is required`);
    const qty = readDecimal(item.qty, `${label}: Quantity`, { required: true })!;
    if (qty.lessThanOrEqualTo(0)) throw validationError(`${label}: Quantity must be greater than 0`);
    const rate = readDecimal(item.rate, `${label}: Rate`, { required: true, min: 0 })!;
    return { ...item, qty: qty.toNumber(), rate: money(rate), amount: money(qty.times(rate)) };
  });
}

export function computeTaxes(taxes: ErpDoc[], netTotal: Decimal): ErpDoc[] {
  return taxes.map((tax, index) => {
    const label = `Row #${index + 1} (Sales Taxes and Charges)`;
    // NOTE: only "On Net Total" is simulated; ERPNext also has Actual and On Previous Row charges.
    if (tax.charge_type !== 'On Net Total') throw validationError(`${label}: Type "${String(tax.charge_type)}" is not supported; use "On Net Total"`);
    if (typeof tax.account_head !== 'string' || tax.account_head === '') throw validationError(`${label}: Account Head is required`);
    const rate = readDecimal(tax.rate, `${label}: Rate`, { required: true, min: 0 })!;
    return { ...tax, rate: rate.toNumber(), tax_amount: money(netTotal.times(rate).dividedBy(100)) };
  });
}

function checkPaymentSchedule(schedule: ErpDoc[], grandTotal: Decimal, transactionDate: string): ErpDoc[] {
  if (schedule.length === 0) return [];

  const checked = schedule.map((row, index) => {
    const label = `Row #${index + 1} (Payment Schedule)`;
    const dueDate = requireDate(row, label, 'due_date');
    if (dueDate < transactionDate) throw validationError(`${label}: Due Date cannot be before Sales Order Date`);
    const portion = readDecimal(row.invoice_portion, `${label}: Invoice Portion`, { min: 0 });
    const amount = readDecimal(row.payment_amount, `${label}: Payment Amount`, { min: 0 });
    if (portion === undefined && amount === undefined) throw validationError(`${label}: Invoice Portion or Payment Amount is required`);
    // A missing value is derived from the other, as ERPNext does when it builds a schedule.
    const paymentAmount = amount ?? grandTotal.times(portion!).dividedBy(100);
    const invoicePortion = portion ?? (grandTotal.isZero() ? new Decimal(0) : paymentAmount.times(100).dividedBy(grandTotal));
    return { ...row, due_date: dueDate, invoice_portion: invoicePortion.toDecimalPlaces(6).toNumber(), payment_amount: money(paymentAmount) };
  });

  const portionTotal = checked.reduce((sum, row) => sum.plus(row.invoice_portion), new Decimal(0));
  if (portionTotal.minus(100).abs().greaterThan(0.01)) {
    throw validationError(`Total Invoice Portion in Payment Schedule must be 100, got ${portionTotal.toString()}`);
  }
  const amountTotal = checked.reduce((sum, row) => sum.plus(row.payment_amount), new Decimal(0));
  if (!new Decimal(money(amountTotal)).equals(money(grandTotal))) {
    throw validationError(`Total Payment Amount in Payment Schedule (${money(amountTotal)}) must be equal to Grand Total (${money(grandTotal)})`);
  }
  return checked;
}
