import { decryptSecret } from '../../services/core/crypto.ts';
import { assertConnectorResidency } from '../../services/core/residency.ts';
import { regionModels } from '../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../services/core/tenancy.ts';
import { connectionCheckFor } from '../../services/connectors/connection-check-for.ts';

export interface ConnectionCheckResult {
  ok: boolean;
  message: string;
  durationMs: number;
}

// Checks the tenant's residency policy first, because the policy forbids any call to a
// connector hosted outside the tenant's region, a connection test included.
export async function testConnector(scope: TenantScope, slug: string): Promise<ConnectionCheckResult | null> {
  const row = await withTenant(scope, (transaction) => regionModels(scope.region).Connector.findOne({ where: { slug }, transaction }));
  if (!row) return null;
  const connector = row.get({ plain: true });

  const started = Date.now();
  try {
    await assertConnectorResidency({ id: scope.tenantId, region: scope.region }, connector.id);
    const credentials = JSON.parse(decryptSecret(connector.credentialsEncrypted, connector.id)) as Record<string, string>;
    const message = await connectionCheckFor(connector, credentials).checkConnection();
    return { ok: true, message, durationMs: Date.now() - started };
  } catch (error) {
    // Driver errors name the system, operation and status, never the credentials.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, durationMs: Date.now() - started };
  }
}
