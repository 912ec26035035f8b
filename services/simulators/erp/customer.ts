import type { DoctypeDefinition } from './doctype.ts';
import { oneOf, optionalText, requireText } from './values.ts';

// ERPNext names a customer after customer_name (the default "Customer Name" naming) and adds
// " - 1", " - 2", ... when that name is taken, so a second insert makes a second customer.
export const customerDoctype: DoctypeDefinition = {
  name: 'Customer',
  fields: ['customer_name', 'customer_type', 'customer_group', 'territory', 'tax_id', 'email_id', 'default_currency'],
  computedFields: [],
  children: {},

  autoname(doc, store) {
    const base = String(doc.customer_name);
    let name = base;
    for (let suffix = 1; store.get('Customer', name); suffix += 1) name = `${base} - ${suffix}`;
    return name;
  },

  validate(doc) {
    requireText(doc, 'Customer', 'customer_name');
    optionalText(doc, 'Customer', 'tax_id');
    optionalText(doc, 'Customer', 'email_id');
    return {
      ...doc,
      customer_type: oneOf(doc, 'Customer', 'customer_type', ['Company', 'Individual'] as const, 'Company'),
      customer_group: optionalText(doc, 'Customer', 'customer_group') ?? 'All Customer Groups',
      territory: optionalText(doc, 'Customer', 'territory') ?? 'All Territories',
    };
  },
};
