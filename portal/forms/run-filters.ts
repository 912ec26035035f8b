import type { RunFilters } from '../../services/core/workflow-runs.ts';
import type { FieldErrors } from './fields.ts';

// The filters of the runs list, read from the query string. Invalid values are reported beside
// their field and left out of the query, so the list still shows something useful.

export const RUN_STATUSES = ['running', 'completed', 'failed'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function queryText(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

function isDay(value: string): boolean {
  return DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export function readRunFilters(query: unknown, flows: string[]): { values: Record<string, string>; errors: FieldErrors; filters: RunFilters } {
  const values = {
    status: queryText(query, 'status'),
    flow: queryText(query, 'flow'),
    contractId: queryText(query, 'contractId'),
    from: queryText(query, 'from'),
    to: queryText(query, 'to'),
  };
  const errors: FieldErrors = {};
  const filters: RunFilters = {};

  if (values.status && !(RUN_STATUSES as readonly string[]).includes(values.status)) errors.status = `Choose one of ${RUN_STATUSES.join(', ')}.`;
  else if (values.status) filters.status = values.status;
  if (values.flow && !flows.includes(values.flow)) errors.flow = `No run of flow "${values.flow}" exists. Choose a flow from the list.`;
  else if (values.flow) filters.flow = values.flow;
  if (values.contractId && !UUID.test(values.contractId)) errors.contractId = 'Enter the whole contract id, a UUID such as 3f2b…-…, as shown on a run.';
  else if (values.contractId) filters.contractId = values.contractId.toLowerCase();
  for (const field of ['from', 'to'] as const) {
    if (values[field] && !isDay(values[field])) errors[field] = `"${values[field]}" is not a date. Use the form YYYY-MM-DD.`;
    else if (values[field]) filters[field] = values[field];
  }
  if (filters.from && filters.to && filters.from > filters.to) errors.to = 'The end date is before the start date. Swap them or pick a later end date.';

  return { values, errors, filters };
}

// The query string that reproduces the filters, for pagination links.
export function filterQuery(filters: RunFilters): string {
  const entries = Object.entries(filters).filter(([, value]) => value !== undefined) as [string, string][];
  return new URLSearchParams(entries).toString();
}
