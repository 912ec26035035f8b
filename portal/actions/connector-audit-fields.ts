import type { ConnectorSummary } from '../../services/core/connector-registry.ts';

// Picks what the audit log keeps of a connector: its settings and whether secrets are set, never
// the secrets. The update action adds credentialsReplaced or webhookKeyReplaced when it replaced one.
export function auditedConnectorFields(connector: ConnectorSummary): Record<string, unknown> {
  return {
    slug: connector.slug,
    name: connector.name,
    kind: connector.kind,
    driver: connector.driver,
    baseUrl: connector.baseUrl,
    status: connector.status,
    settings: connector.settings,
    credentialsSet: connector.credentialsSet,
    webhookKeySet: connector.webhookKeySet,
  };
}
