import type { ApiVersionSpec } from '../../openapi/api-version-spec.ts';
import type { RouteDefinition } from '../route-table.ts';
import { CONTRACT_RETRY_ADVICE } from '../v1/external-ref.ts';
import { V1_ROUTES } from '../v1/router.ts';
import { CONTRACT_ROUTES_V2 } from './contracts.ts';

// Version 2 replaces the contract operations and keeps every other operation of version 1 as it
// is, including operations added to version 1 later. Both versions read and write the same rows.
function v2Routes(): RouteDefinition[] {
  const replaced = new Set(CONTRACT_ROUTES_V2.map((route) => route.operationId));
  return [...V1_ROUTES.filter((route) => !replaced.has(route.operationId)), ...CONTRACT_ROUTES_V2];
}

export const V2_ROUTES: readonly RouteDefinition[] = v2Routes();

export const V2: ApiVersionSpec = {
  name: 'v2',
  title: 'Throughline partner API, version 2',
  description: [
    'Customers, contracts and workflow runs of the tenant that owns the access token. Version 2 differs from version 1 in contracts only:',
    '',
    '- Every amount is a money object, `{"amount": "1250.00", "currency": "EUR"}`. The contract\'s total is `total` instead of `currency` and `totalValue`, and every amount must be in the currency of `total`.',
    '- A contract line bills by a role of the contract\'s rate card: it names the role in `rateCardRole`, which must match an entry of `rateCard`, and a time-and-materials line must name one. Responses give each rate card entry its `id` and each line the `rateCardEntryId` it bills by.',
    '',
    'Both versions read and write the same contracts, so a contract created in one version can be read in the other.',
    '',
    CONTRACT_RETRY_ADVICE,
  ].join('\n'),
  routes: V2_ROUTES,
};
