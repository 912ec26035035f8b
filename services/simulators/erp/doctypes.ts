import { customerDoctype } from './customer.ts';
import type { DoctypeDefinition } from './doctype.ts';
import { FrappeError } from './frappe-error.ts';
import { projectDoctype } from './project.ts';
import { salesOrderDoctype } from './sales-order.ts';
import { salesInvoiceDoctype } from './sales-invoice.ts';

const DOCTYPES = new Map<string, DoctypeDefinition>([customerDoctype, projectDoctype, salesOrderDoctype, salesInvoiceDoctype].map((definition) => [definition.name, definition]));

export function doctypeDefinition(doctype: string): DoctypeDefinition {
  const definition = DOCTYPES.get(doctype);
  if (!definition) {
    throw new FrappeError(404, 'DoesNotExistError', `DocType ${doctype} not found; the simulator has ${[...DOCTYPES.keys()].join(', ')}`);
  }
  return definition;
}
