import express, { type Request, type Response } from 'express';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { listExceptions } from '../queries/workflow-exceptions.ts';

const STATUSES = ['open', 'resolved'] as const;

// The exceptions of a tenant's runs, open ones first. The retry, replay and resolve actions
// live in run-actions.ts.
export function exceptionRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/exceptions', (req, res) => renderExceptions(req, res));

  return router;
}

// Renders the exceptions list; `extra` carries a resolve form's error back to its card.
export async function renderExceptions(req: Request, res: Response, extra: Record<string, unknown> = {}): Promise<void> {
  const { tenant } = tenantContext(res);
  const raw = typeof req.query.status === 'string' ? req.query.status : 'open';
  const status = (STATUSES as readonly string[]).includes(raw) ? raw as (typeof STATUSES)[number] : undefined;
  const page = pageRequest(req.query);
  const found = await withTenant(scopeOf(tenant), (transaction) => listExceptions(tenant.region, tenant.id, status, page, transaction));
  const { rows, pages } = paginate(found, page, `/tenants/${tenant.slug}/exceptions`, status ? `status=${status}` : 'status=all');
  res.render('exceptions/list', {
    title: `Exceptions · ${tenant.name}`,
    section: 'exceptions',
    exceptions: rows,
    pages,
    status: status ?? 'all',
    tabs: ['open', 'resolved', 'all'].map((value) => ({ value, current: value === (status ?? 'all') })),
    back: 'exceptions',
    ...extra,
  });
}
