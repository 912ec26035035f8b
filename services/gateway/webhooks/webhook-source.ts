import { decryptSecret } from '../../core/crypto.ts';
import { regionModels } from '../../core/models/region.ts';
import { withTenant } from '../../core/tenancy.ts';
import { findTenantBySlug } from '../../core/tenants.ts';

// The tenant and connector a webhook URL names, with the connector's decrypted verification key.

export interface WebhookSource {
  tenantId: string;
  region: string;
  connectorId: string;
  driver: string;
  verificationKey: string;
}

const SLUG = /^[a-z][a-z0-9-]{1,39}$/;

export type WebhookSourceResult = { source: WebhookSource } | { failure: string };

// Resolves an active tenant's active connector with a webhook key (a CLM, a PSA or a generic
// source), or returns why not. The reason is logged, never
// returned to the caller, so slugs cannot be probed.
export async function findWebhookSource(tenantSlug: string, connectorSlug: string): Promise<WebhookSourceResult> {
  const tenant = await findTenantBySlug(tenantSlug);
  if (!tenant) return { failure: 'unknown tenant slug' };
  if (tenant.status !== 'active') return { failure: `tenant is ${tenant.status}` };
  if (!SLUG.test(connectorSlug)) return { failure: 'connector slug is malformed' };

  const scope = { tenantId: tenant.id, region: tenant.region };
  const connector = await withTenant(scope, (transaction) =>
    regionModels(tenant.region).Connector.findOne({ where: { tenantId: tenant.id, slug: connectorSlug, status: 'active' }, transaction }));
  if (!connector) return { failure: 'no active connector with this slug' };

  const row = connector.get({ plain: true });
  if (!row.webhookKeyEncrypted) return { failure: `connector ${row.id} has no webhook key` };
  return {
    source: {
      tenantId: tenant.id,
      region: tenant.region,
      connectorId: row.id,
      driver: row.driver,
      verificationKey: decryptSecret(row.webhookKeyEncrypted, row.id),
    },
  };
}
