import { STANDARD_FIELDS, type DoctypeDefinition } from './doctype.ts';
import { validationError } from './frappe-error.ts';
import type { ErpDoc } from './values.ts';

// List queries as Frappe's /api/resource/<doctype> takes them: filters and fields as JSON in the
// query string, limit_start and limit_page_length for paging, order_by as "<field> asc|desc".

export interface Condition {
  field: string;
  operator: string;
  value: unknown;
}

export interface ListQuery {
  conditions: Condition[];
  fields: string[] | '*';
  start: number;
  // 0 means no limit, as in Frappe.
  pageLength: number;
  orderBy: { field: string; descending: boolean };
}

const OPERATORS = new Set(['=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'in', 'not in', 'is']);
const DEFAULT_PAGE_LENGTH = 20;

export function parseListQuery(query: Record<string, unknown>, definition: DoctypeDefinition): ListQuery {
  const known = new Set<string>([...STANDARD_FIELDS, ...definition.fields, ...definition.computedFields]);
  const checkField = (field: string) => {
    if (!known.has(field)) throw validationError(`Field ${field} is not a field of ${definition.name}`);
    return field;
  };

  const conditions = parseFilters(parseJson(query.filters, 'filters'), definition.name).map((condition) => ({ ...condition, field: checkField(condition.field) }));
  const fieldsValue = parseJson(query.fields, 'fields') ?? ['name'];
  if (!Array.isArray(fieldsValue) || !fieldsValue.every((field) => typeof field === 'string')) throw validationError('fields must be a JSON list of field names');
  const fields = fieldsValue.includes('*') ? '*' : (fieldsValue as string[]).map(checkField);

  const [orderField = 'modified', direction = 'desc'] = String(query.order_by ?? 'modified desc').trim().split(/\s+/);
  if (direction !== 'asc' && direction !== 'desc') throw validationError(`order_by direction must be asc or desc, got ${direction}`);

  return {
    conditions,
    fields,
    start: nonNegativeInteger(query.limit_start, 'limit_start', 0),
    pageLength: nonNegativeInteger(query.limit_page_length ?? query.limit, 'limit_page_length', DEFAULT_PAGE_LENGTH),
    orderBy: { field: checkField(orderField), descending: direction === 'desc' },
  };
}

function parseJson(value: unknown, name: string): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw validationError(`${name} must be given once, as JSON`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw validationError(`${name} is not valid JSON: ${value}`);
  }
}

// Accepts [[field, op, value]], [[doctype, field, op, value]], {field: value} and {field: [op, value]}.
function parseFilters(filters: unknown, doctype: string): Condition[] {
  if (filters === undefined || filters === null) return [];
  let conditions: Condition[];
  if (Array.isArray(filters)) {
    conditions = filters.map((filter) => fromList(filter, doctype));
  } else if (typeof filters === 'object') {
    conditions = Object.entries(filters as Record<string, unknown>).map(([field, value]) =>
      Array.isArray(value) ? { field, operator: String(value[0]), value: value[1] } : { field, operator: '=', value },
    );
  } else {
    throw validationError('filters must be a JSON list or object');
  }

  for (const condition of conditions) {
    condition.operator = condition.operator.toLowerCase();
    if (!OPERATORS.has(condition.operator)) throw validationError(`Operator ${condition.operator} is not supported in filters`);
  }
  return conditions;
}

function fromList(filter: unknown, doctype: string): Condition {
  if (!Array.isArray(filter) || (filter.length !== 3 && filter.length !== 4)) {
    throw validationError('Each filter must be [field, operator, value] or [doctype, field, operator, value]');
  }
  const parts = filter.length === 4 ? filter.slice(1) : filter;
  if (filter.length === 4 && filter[0] !== doctype) throw validationError(`Filters on another doctype (${String(filter[0])}) are not supported`);
  return { field: String(parts[0]), operator: String(parts[1]), value: parts[2] };
}

function nonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw validationError(`${name} must be a whole number of zero or more, got ${String(value)}`);
  return number;
}

export function runListQuery(docs: ErpDoc[], query: ListQuery, definition: DoctypeDefinition): ErpDoc[] {
  const matching = docs.map((doc, position) => ({ doc, position })).filter(({ doc }) => query.conditions.every((condition) => matches(doc, condition)));
  const { field, descending } = query.orderBy;
  matching.sort((a, b) => {
    const order = compare(a.doc[field], b.doc[field]) || a.position - b.position;
    return descending ? -order : order;
  });

  const end = query.pageLength === 0 ? undefined : query.start + query.pageLength;
  return matching.slice(query.start, end).map(({ doc }) => project(doc, query.fields, definition));
}

// List results never include child tables, as in Frappe; fetch one document to see them.
function project(doc: ErpDoc, fields: string[] | '*', definition: DoctypeDefinition): ErpDoc {
  const names = fields === '*' ? Object.keys(doc).filter((field) => !(field in definition.children)) : fields;
  return Object.fromEntries(names.map((field) => [field, doc[field] ?? null]));
}

// String comparison ignores case, like MariaDB's default collation under ERPNext.
function matches(doc: ErpDoc, condition: Condition): boolean {
  const actual = doc[condition.field];
  const expected = condition.value;
  switch (condition.operator) {
    case '=':
      return compare(actual, expected) === 0;
    case '!=':
      return compare(actual, expected) !== 0;
    case '<':
      return compare(actual, expected) < 0;
    case '>':
      return compare(actual, expected) > 0;
    case '<=':
      return compare(actual, expected) <= 0;
    case '>=':
      return compare(actual, expected) >= 0;
    case 'like':
      return likePattern(expected).test(String(actual ?? ''));
    case 'not like':
      return !likePattern(expected).test(String(actual ?? ''));
    case 'in':
      return listValues(expected).some((value) => compare(actual, value) === 0);
    case 'not in':
      return !listValues(expected).some((value) => compare(actual, value) === 0);
    default:
      // 'is' takes "set" or "not set".
      return expected === 'set' ? actual !== undefined && actual !== null && actual !== '' : actual === undefined || actual === null || actual === '';
  }
}

function compare(left: unknown, right: unknown): number {
  if (typeof left === 'number' && right !== null && right !== undefined && right !== '' && !Number.isNaN(Number(right))) return left - Number(right);
  const a = String(left ?? '').toLowerCase();
  const b = String(right ?? '').toLowerCase();
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function likePattern(value: unknown): RegExp {
  const escaped = String(value ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('%', '.*').replaceAll('_', '.')}$`, 'is');
}

function listValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return String(value ?? '').split(',').map((item) => item.trim());
}
