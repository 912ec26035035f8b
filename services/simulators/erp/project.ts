import type { DoctypeDefinition } from './doctype.ts';
import { linkError, validationError } from './frappe-error.ts';
import { money, oneOf, optionalDate, optionalText, readDecimal, requireText } from './values.ts';

export const projectDoctype: DoctypeDefinition = {
  name: 'Project',
  fields: [
    'project_name',
    'status',
    'customer',
    'company',
    'expected_start_date',
    'expected_end_date',
    'estimated_costing',
    // Custom field: the canonical contract id, so a retried step can find the project it made.
    'throughline_contract_id',
  ],
  computedFields: [],
  children: {},

  autoname(_doc, store) {
    return store.nextInSeries('PROJ-', 4);
  },

  validate(doc, store) {
    requireText(doc, 'Project', 'project_name');
    optionalText(doc, 'Project', 'company');
    optionalText(doc, 'Project', 'throughline_contract_id');
    const customer = optionalText(doc, 'Project', 'customer');
    if (customer !== undefined && !store.get('Customer', customer)) throw linkError('Customer', customer);

    const start = optionalDate(doc, 'Project', 'expected_start_date');
    const end = optionalDate(doc, 'Project', 'expected_end_date');
    if (start && end && end < start) throw validationError('Expected End Date can not be less than Expected Start Date');

    const costing = readDecimal(doc.estimated_costing, 'Estimated Costing', { min: 0 });
    return {
      ...doc,
      status: oneOf(doc, 'Project', 'status', ['Open', 'Completed', 'Cancelled'] as const, 'Open'),
      estimated_costing: costing === undefined ? 0 : money(costing),
    };
  },
};
