import type { ErpStore } from './store.ts';
import type { ErpDoc } from './values.ts';

// A doctype as the simulator models it: the fields clients may set and filter on, its child
// tables, how a new record is named, and the checks and computed fields applied on every save.

export interface ChildTable {
  doctype: string;
  fields: readonly string[];
}

export interface DoctypeDefinition {
  name: string;
  fields: readonly string[];
  // Fields the simulator computes on save: readable and filterable, ignored in request bodies.
  computedFields: readonly string[];
  children: Readonly<Record<string, ChildTable>>;
  autoname(doc: ErpDoc, store: ErpStore): string;
  // Validates `doc` (fields already filtered to the known ones) and returns it with computed
  // fields filled in. Throws a FrappeError naming the first problem.
  validate(doc: ErpDoc, store: ErpStore): ErpDoc;
}

// Fields Frappe keeps on every document.
export const STANDARD_FIELDS = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype'] as const;
