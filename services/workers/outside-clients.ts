import { decryptSecret } from '../core/crypto.ts';
import { regionModels, type ConnectorRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { authFromCredentials } from '../connectors/auth.ts';
import { HubSpotClient } from '../connectors/crm/hubspot.ts';
import { KantataClient } from '../connectors/psa/kantata.ts';
import { assertResidencyAllows } from './connector-residency.ts';
import { PermanentStepError } from './errors.ts';

// Clients for the CRM and the PSA. Both systems are optional for a tenant: a flow step skips its
// work when the tenant has no active connector of that kind, rather than failing the run.
// Credentials are decrypted at the moment of use and live only inside the client object.

export interface Connected<Client> {
  connector: ConnectorRow;
  client: Client;
}

async function activeConnector(scope: TenantScope, kind: ConnectorRow['kind']): Promise<ConnectorRow | null> {
  const row = await withTenant(scope, async (transaction) =>
    regionModels(scope.region).Connector.findOne({ where: { kind, status: 'active' }, order: [['createdAt', 'ASC']], transaction }));
  if (!row) return null;
  const connector = row.get({ plain: true });
  await assertResidencyAllows(scope, connector);
  return connector;
}

function authOf(connector: ConnectorRow) {
  const credentials = JSON.parse(decryptSecret(connector.credentialsEncrypted, connector.id)) as Record<string, string>;
  return authFromCredentials(connector.authKind, credentials, connector.slug);
}

function unsupported(connector: ConnectorRow, expected: string): PermanentStepError {
  return new PermanentStepError(
    `${connector.kind.toUpperCase()} connector ${connector.slug} uses driver "${connector.driver}", which this flow does not support.`,
    `Configure a ${expected} connector for the tenant, or disable this one.`,
  );
}

export async function crmClient(scope: TenantScope): Promise<Connected<HubSpotClient> | null> {
  const connector = await activeConnector(scope, 'crm');
  if (!connector) return null;
  if (connector.driver !== 'hubspot') throw unsupported(connector, 'HubSpot');
  return { connector, client: new HubSpotClient({ baseUrl: connector.baseUrl, auth: authOf(connector), connectorId: connector.id }) };
}

export async function psaClient(scope: TenantScope): Promise<Connected<KantataClient> | null> {
  const connector = await activeConnector(scope, 'psa');
  if (!connector) return null;
  if (connector.driver !== 'kantata') throw unsupported(connector, 'Kantata');
  return { connector, client: new KantataClient({ baseUrl: connector.baseUrl, auth: authOf(connector), connectorId: connector.id }) };
}
