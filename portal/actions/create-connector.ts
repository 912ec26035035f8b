import { UniqueConstraintError } from 'sequelize';
import { createConnector as registerConnector } from '../../services/core/connector-registry.ts';
import { saveHostingRegion } from '../../services/core/residency.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import { recordRegionChange } from '../audit/record-region-change.ts';
import type { NewConnector } from '../forms/connector-form.ts';
import { auditedConnectorFields } from './connector-audit-fields.ts';
import type { Actor } from './actor.ts';

// Stores the connector through the connector registry, which encrypts the credentials and the
// webhook key, with the region's data audit record in the same transaction, then records the
// change in the control audit log. Returns null when the tenant already has a connector with the slug.
export async function createConnector(tenant: Tenant, input: NewConnector, actor: Actor): Promise<string | null> {
  try {
    const connector = await registerConnector(scopeOf(tenant), {
      slug: input.slug,
      kind: input.kind,
      driver: input.driver,
      name: input.name,
      baseUrl: input.baseUrl,
      authKind: input.authKind,
      credentials: input.credentials,
      ...(input.webhookKey === null ? {} : { webhookKey: input.webhookKey }),
      ...(input.settings ? { settings: input.settings } : {}),
    }, (transaction, created) => recordRegionChange(tenant.region, transaction, actor, {
      tenantId: tenant.id, operation: 'connector.create', objectType: 'connector', objectId: created.id,
    }));

    await saveHostingRegion(tenant.id, connector.id, input.hostingRegion);
    await recordChange(actor, {
      action: 'connector.create',
      objectType: 'connector',
      objectId: connector.id,
      tenantId: tenant.id,
      before: null,
      after: { ...auditedConnectorFields(connector), hostingRegion: input.hostingRegion },
    });
    return connector.id;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }
}
