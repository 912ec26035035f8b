import type { SimulatedCompany } from './state.ts';

// The CRM search request body of POST /crm/v3/objects/companies/search: filter groups are ORed,
// the filters inside one group are ANDed, and string comparisons ignore case, as HubSpot's do.

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'CONTAINS_TOKEN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY';
  value?: string;
}

export interface SearchRequest {
  filterGroups: { filters: SearchFilter[] }[];
  properties: string[];
  limit: number;
  after: number;
}

const OPERATORS = new Set(['EQ', 'NEQ', 'CONTAINS_TOKEN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY']);
// HubSpot allows at most five filter groups of six filters, and 200 results a page.
const MAX_GROUPS = 5;
const MAX_FILTERS = 6;
const MAX_LIMIT = 200;

// Returns the checked request, or a message naming the invalid field.
export function readSearchRequest(body: unknown): SearchRequest | string {
  const input = (body ?? {}) as Record<string, unknown>;
  const groups = input.filterGroups ?? [];
  if (!Array.isArray(groups) || groups.length > MAX_GROUPS) return `filterGroups must be a list of at most ${MAX_GROUPS} groups.`;
  const filterGroups: SearchRequest['filterGroups'] = [];
  for (const [index, group] of groups.entries()) {
    const filters = (group as { filters?: unknown } | null)?.filters;
    if (!Array.isArray(filters) || filters.length === 0 || filters.length > MAX_FILTERS) return `filterGroups[${index}].filters must list 1 to ${MAX_FILTERS} filters.`;
    for (const [position, filter] of filters.entries()) {
      const candidate = filter as Partial<SearchFilter>;
      if (typeof candidate.propertyName !== 'string' || !OPERATORS.has(String(candidate.operator))) {
        return `filterGroups[${index}].filters[${position}] needs propertyName and an operator of ${[...OPERATORS].join(', ')}.`;
      }
    }
    filterGroups.push({ filters: filters as SearchFilter[] });
  }
  const limit = input.limit ?? 10;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_LIMIT) return `limit must be a whole number from 1 to ${MAX_LIMIT}.`;
  const properties = input.properties ?? [];
  if (!Array.isArray(properties) || !properties.every((name) => typeof name === 'string')) return 'properties must be a list of property names.';
  const after = Number(input.after ?? 0);
  if (!Number.isInteger(after) || after < 0) return 'after must be the paging cursor from an earlier response.';
  return { filterGroups, properties: properties as string[], limit: limit as number, after };
}

function matches(company: SimulatedCompany, filter: SearchFilter): boolean {
  const actual = company.properties[filter.propertyName];
  const value = (filter.value ?? '').toLowerCase();
  switch (filter.operator) {
    case 'EQ': return actual?.toLowerCase() === value;
    case 'NEQ': return actual?.toLowerCase() !== value;
    case 'CONTAINS_TOKEN': return (actual ?? '').toLowerCase().split(/\W+/).includes(value.replaceAll('*', ''));
    case 'HAS_PROPERTY': return actual !== undefined && actual !== null && actual !== '';
    case 'NOT_HAS_PROPERTY': return actual === undefined || actual === null || actual === '';
  }
}

export function searchCompanies(companies: SimulatedCompany[], request: SearchRequest): { total: number; page: SimulatedCompany[] } {
  const found = companies.filter((company) => !company.archived
    && (request.filterGroups.length === 0 || request.filterGroups.some((group) => group.filters.every((filter) => matches(company, filter)))));
  return { total: found.length, page: found.slice(request.after, request.after + request.limit) };
}
