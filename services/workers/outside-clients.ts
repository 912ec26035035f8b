import type { ConnectorRow } from '../core/models/region.ts';
import { authFromCredentials } from '../connectors/auth.ts';
import { HubSpotClient } from '../connectors/crm/hubspot.ts';
import { KantataClient } from '../connectors/psa/kantata.ts';
import { beforeChangeOf, credentialsOf, findActiveConnector } from './connector-clients.ts';
import type { DeliveryReads } from './flow.ts';
import { PermanentStepError } from './errors.ts';

// Clients for the CRM and the PSA. Both systems are optional for a tenant: a flow step skips its
// work when the tenant has no active connector of that kind, rather than failing the run.
// Credentials are decrypted at the moment of use and live only inside the client object.

export interface Connected<Client> {
  connector: ConnectorRow;
  client: Client;
}

function authOf(connector: ConnectorRow) {
  return authFromCredentials(connector.authKind, credentialsOf<Record<string, string>>(connector), connector.slug);
}

function unsupported(connector: ConnectorRow, expected: string): PermanentStepError {
  return new PermanentStepError(
    `${connector.kind.toUpperCase()} connector ${connector.slug} uses driver "${connector.driver}", which this flow does not support.`,
    `Configure a ${expected} connector for the tenant, or disable this one.`,
  );
}

// The CRM is only read (a company search is a POST that changes nothing), so taking its client
// commits no attempt mark.
export async function crmClient(reads: DeliveryReads): Promise<Connected<HubSpotClient> | null> {
  const connector = await findActiveConnector(reads, { kind: 'crm' });
  if (!connector) return null;
  if (connector.driver !== 'hubspot') throw unsupported(connector, 'HubSpot');
  return { connector, client: new HubSpotClient({ baseUrl: connector.baseUrl, auth: authOf(connector), connectorId: connector.id }) };
}

export async function psaClient(reads: DeliveryReads): Promise<Connected<KantataClient> | null> {
  const connector = await findActiveConnector(reads, { kind: 'psa' });
  if (!connector) return null;
  if (connector.driver !== 'kantata') throw unsupported(connector, 'Kantata');
  const beforeChange = () => beforeChangeOf(reads);
  return { connector, client: new KantataClient({ baseUrl: connector.baseUrl, auth: authOf(connector), connectorId: connector.id, beforeChange }) };
}
