import type { ApiVersionSpec } from '../../openapi/api-version-spec.ts';
import type { RouteDefinition } from '../route-table.ts';
import { USAGE_ROUTES } from '../shared/usage.ts';
import { CONTRACT_ROUTES } from './contracts.ts';
import { CUSTOMER_ROUTES } from './customers.ts';
import { CONTRACT_RETRY_ADVICE } from './external-ref.ts';
import { RUN_ROUTES } from './runs.ts';
import { RUN_ACTION_ROUTES } from './run-actions.ts';
import { LINEAGE_ROUTES } from './lineage.ts';
import { RECONCILIATION_ROUTES } from './reconciliations.ts';
import { KPI_ROUTES } from './kpis.ts';
import { PARTNER_ENDPOINT_ROUTES } from './partner-endpoints.ts';
import { TAX_QUOTE_ROUTES } from './tax-quotes.ts';

// Every operation of API version 1. The tenant of each operation is the token's tenant; no path
// or body field can name another one. The version router mounts this table and builds the
// version's OpenAPI document from it.
export const V1_ROUTES: readonly RouteDefinition[] = [...CUSTOMER_ROUTES, ...CONTRACT_ROUTES, ...RUN_ROUTES, ...RUN_ACTION_ROUTES, ...USAGE_ROUTES, ...LINEAGE_ROUTES, ...TAX_QUOTE_ROUTES, ...RECONCILIATION_ROUTES, ...KPI_ROUTES, ...PARTNER_ENDPOINT_ROUTES];

export const V1: ApiVersionSpec = {
  name: 'v1',
  title: 'Throughline partner API, version 1',
  description: [
    'Customers, contracts and workflow runs of the tenant that owns the access token.',
    '',
    'Amounts are decimal strings, such as "1250.00", in the contract\'s currency, which is given once as `currency`. A contract line names its role as free text. Version 2 replaces both: see /v2/docs.',
    '',
    CONTRACT_RETRY_ADVICE,
  ].join('\n'),
  routes: V1_ROUTES,
};
