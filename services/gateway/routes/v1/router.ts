import { Router } from 'express';
import { requireAccessToken } from '../../auth/verify-access-token.ts';
import { mountRoutes, type RouteDefinition } from '../route-table.ts';
import { CONTRACT_ROUTES } from './contracts.ts';
import { CUSTOMER_ROUTES } from './customers.ts';
import { RUN_ROUTES } from './runs.ts';

// Every operation of API version 1. The tenant of each operation is the token's tenant; no path
// or body field can name another one.
export const V1_ROUTES: readonly RouteDefinition[] = [...CUSTOMER_ROUTES, ...CONTRACT_ROUTES, ...RUN_ROUTES];

export function v1Router(): Router {
  const router = Router();
  router.use(requireAccessToken);
  mountRoutes(router, '/v1', V1_ROUTES);
  return router;
}
