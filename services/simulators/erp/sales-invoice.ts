import { Decimal } from 'decimal.js';
import type { DoctypeDefinition } from './doctype.ts';
import { linkError, validationError } from './frappe-error.ts';
import { computeTaxes, priceItems, rows } from './sales-order.ts';
import { money, optionalText, requireDate, requireText } from './values.ts';

// A Sales Invoice: items priced at qty x rate and taxes on the net total, as on a Sales Order. A
// new invoice is a draft (docstatus 0) until someone in finance submits it.

export const salesInvoiceDoctype: DoctypeDefinition = {
  name: 'Sales Invoice',
  fields: ['customer', 'project', 'company', 'currency', 'posting_date', 'due_date', 'po_no', 'remarks', 'items', 'taxes'],
  computedFields: ['total', 'net_total', 'total_taxes_and_charges', 'grand_total', 'outstanding_amount', 'status'],
  children: {
    items: { doctype: 'Sales Invoice Item', fields: ['item_code', 'item_name', 'description', 'qty', 'rate', 'amount'] },
    taxes: { doctype: 'Sales Taxes and Charges', fields: ['charge_type', 'account_head', 'description', 'rate', 'tax_amount'] },
  },

  // ERPNext's default series is ACC-SINV-.YYYY.- with a five-digit counter per year.
  autoname(_doc, store) {
    return store.nextInSeries(`ACC-SINV-${new Date().getUTCFullYear()}-`, 5);
  },

  validate(doc, store) {
    const customer = requireText(doc, 'Sales Invoice', 'customer');
    if (!store.get('Customer', customer)) throw linkError('Customer', customer);
    const project = optionalText(doc, 'Sales Invoice', 'project');
    if (project !== undefined && !store.get('Project', project)) throw linkError('Project', project);
    requireText(doc, 'Sales Invoice', 'company');
    requireText(doc, 'Sales Invoice', 'currency');
    optionalText(doc, 'Sales Invoice', 'po_no');
    const postingDate = requireDate(doc, 'Sales Invoice', 'posting_date');
    const dueDate = requireDate(doc, 'Sales Invoice', 'due_date');
    if (dueDate < postingDate) throw validationError('Due Date cannot be before Posting Date');

    const items = priceItems(rows({ ...doc, doctype: 'Sales Invoice' }, 'items'));
    const netTotal = items.reduce((sum, item) => sum.plus(item.amount as number), new Decimal(0));
    const taxes = computeTaxes(rows({ ...doc, doctype: 'Sales Invoice' }, 'taxes'), netTotal);
    const taxTotal = taxes.reduce((sum, tax) => sum.plus(tax.tax_amount as number), new Decimal(0));
    const grandTotal = money(new Decimal(money(netTotal)).plus(money(taxTotal)));
    return {
      ...doc,
      items,
      taxes,
      total: money(netTotal),
      net_total: money(netTotal),
      total_taxes_and_charges: money(taxTotal),
      grand_total: grandTotal,
      outstanding_amount: grandTotal,
      status: 'Draft',
    };
  },
};
