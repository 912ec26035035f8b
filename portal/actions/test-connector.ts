import { decryptSecret } from '../../services/core/crypto.ts';
import { assertConnectorResidency } from '../../services/core/residency.ts';
import { regionModels, type ConnectorRow } from '../../services/core/models/region.ts';
import { withTenant, type TenantScope } from '../../services/core/tenancy.ts';
import { IroncladClient } from '../../services/connectors/clm/ironclad.ts';
import { ErpNextClient } from '../../services/connectors/erp/erpnext.ts';
import { authFromCredentials } from '../../services/connectors/auth.ts';
import { HubSpotClient } from '../../services/connectors/crm/hubspot.ts';
import { KantataClient } from '../../services/connectors/psa/kantata.ts';
import { ConnectorError } from '../../services/connectors/errors.ts';

export interface ConnectionCheck {
  ok: boolean;
  message: string;
  durationMs: number;
}

// An id that no record has. Ironclad responds 404 to a valid token and 401 or 403 otherwise; the
// other drivers search for it and find nothing.
const PROBE_ID = 'throughline-connection-check';

// Makes one harmless read with the stored credentials through the connector's own driver, so
// the check passes the same egress guard and authentication as a workflow step.
// NOTE: belongs in services/connectors as a driver method once the drivers offer one.
async function probe(connector: ConnectorRow, credentials: Record<string, string>): Promise<string> {
  const { baseUrl } = connector;
  switch (connector.driver) {
    case 'ironclad':
      try {
        await new IroncladClient({ baseUrl, apiToken: credentials.apiToken ?? '' }).getWorkflow(PROBE_ID);
      } catch (error) {
        if (!(error instanceof ConnectorError && error.status === 404)) throw error;
      }
      return 'Ironclad accepted the API token.';
    case 'erpnext':
      await new ErpNextClient({ baseUrl, apiKey: credentials.apiKey ?? '', apiSecret: credentials.apiSecret ?? '' }).findCustomer({ name: PROBE_ID });
      return 'ERPNext accepted the API key and secret.';
    case 'hubspot':
      await new HubSpotClient({ baseUrl, auth: authFromCredentials(connector.authKind, credentials, connector.slug), connectorId: connector.id }).searchCompanies('name', PROBE_ID, 1);
      return 'HubSpot accepted the access token.';
    case 'kantata':
      await new KantataClient({ baseUrl, auth: authFromCredentials(connector.authKind, credentials, connector.slug), connectorId: connector.id }).findWorkspaceByReference(PROBE_ID);
      return 'Kantata issued a token and accepted it.';
    default:
      throw new Error(`The portal cannot check connectors of driver "${connector.driver}" yet.`);
  }
}

// Checks the tenant's residency policy first, because the policy forbids any call to a
// connector hosted outside the tenant's region, a connection test included.
export async function testConnector(scope: TenantScope, slug: string): Promise<ConnectionCheck | null> {
  const row = await withTenant(scope, (transaction) => regionModels(scope.region).Connector.findOne({ where: { slug }, transaction }));
  if (!row) return null;
  const connector = row.get({ plain: true });

  const started = Date.now();
  try {
    await assertConnectorResidency({ id: scope.tenantId, region: scope.region }, connector.id);
    const credentials = JSON.parse(decryptSecret(connector.credentialsEncrypted, connector.id)) as Record<string, string>;
    const message = await probe(connector, credentials);
    return { ok: true, message, durationMs: Date.now() - started };
  } catch (error) {
    // Driver errors name the system, operation and status, never the credentials.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, durationMs: Date.now() - started };
  }
}
