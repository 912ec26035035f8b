import type { RequestHandler, Response } from 'express';
import { findConnectorBySlug, type ConnectorSummary } from '../../services/core/connector-registry.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from './tenant-access.ts';

// Loads the tenant's connector named by :connectorSlug into res.locals.connector, or responds 404.
// It reads through the connector registry, so the page gets no credentials, only whether they are set.
export const loadConnector: RequestHandler = async (req, res, next) => {
  const { tenant } = tenantContext(res);
  const slug = String(req.params.connectorSlug);
  const connector = /^[a-z][a-z0-9-]{1,39}$/.test(slug) ? await findConnectorBySlug(scopeOf(tenant), slug) : null;
  if (!connector) {
    res.status(404).render('error', { title: 'Connector not found', message: `Tenant ${tenant.name} has no connector "${slug}". Pick one from the Connectors tab.` });
    return;
  }
  res.locals.connector = connector;
  next();
};

export const connectorOf = (res: Response) => res.locals.connector as ConnectorSummary;
