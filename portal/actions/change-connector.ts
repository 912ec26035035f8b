import { updateConnector, type ConnectorChanges } from '../../services/core/connector-registry.ts';
import { findHostingRegions, saveHostingRegion } from '../../services/core/residency.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import { recordChange } from '../audit/record-change.ts';
import { recordRegionChange } from '../audit/record-region-change.ts';
import { auditedConnectorFields } from './connector-audit-fields.ts';
import type { Actor } from './actor.ts';

// Changes a connector through the connector registry and audits it in the region's data audit log
// (same transaction) and in the control audit log with before and after. Returns false when the
// tenant has no connector with this slug.
export async function changeConnector(
  tenant: Tenant,
  slug: string,
  changes: ConnectorChanges & { hostingRegion?: string },
  action: string,
  actor: Actor,
): Promise<boolean> {
  const { hostingRegion, ...connectorChanges } = changes;
  const result = await updateConnector(scopeOf(tenant), slug, connectorChanges, (transaction, connector) => recordRegionChange(tenant.region, transaction, actor, {
    tenantId: tenant.id, operation: action, objectType: 'connector', objectId: connector.id,
  }));
  if (!result) return false;

  const before = auditedConnectorFields(result.before);
  const after = auditedConnectorFields(result.after);
  if (hostingRegion) {
    before.hostingRegion = (await findHostingRegions(tenant.id)).get(result.after.id) ?? null;
    await saveHostingRegion(tenant.id, result.after.id, hostingRegion);
    after.hostingRegion = hostingRegion;
  }
  if (changes.credentials) after.credentialsReplaced = true;
  if (changes.webhookKey) after.webhookKeyReplaced = true;
  await recordChange(actor, {
    action,
    objectType: 'connector',
    objectId: result.after.id,
    tenantId: tenant.id,
    before,
    after,
  });
  return true;
}
