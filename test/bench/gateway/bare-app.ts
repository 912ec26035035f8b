import express from 'express';
import { logger } from '../../../services/core/logger.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { presentContract } from '../../../services/gateway/routes/v1/contract-resource.ts';
import type { ContractInput } from '../../../services/gateway/routes/v1/contract-schemas.ts';
import { writeContract } from '../../../services/gateway/routes/v1/write-contract.ts';
import type { Principal } from '../../../services/gateway/http/request-context.ts';

// The baseline: bare Express handlers doing the same database work as the governed operations
// (one tenant transaction per request, the same reads and writes), with no token, scope, limit,
// validation, idempotency or usage step in front.
export function bareApp(principal: Principal): express.Application {
  const app = express();
  const scope = { tenantId: principal.tenantId, region: principal.region };
  const log = logger('bench-bare');

  app.get('/customers/:id', async (req, res) => {
    const row = await withTenant(scope, (transaction) =>
      regionModels(scope.region).Customer.findOne({ where: { id: req.params.id, tenantId: scope.tenantId }, transaction }));
    if (!row) {
      res.status(404).end();
      return;
    }
    res.json(row.get({ plain: true }));
  });

  app.post('/contracts', express.json(), async (req, res) => {
    const request = { apiVersion: 'bare', principal, requestId: 'bench', params: {}, query: {}, body: req.body, traceparent: undefined, log };
    const parts = await withTenant(scope, (transaction) => writeContract(request, req.body as ContractInput, transaction));
    res.status(201).json(presentContract(parts));
  });
  return app;
}
