import type { ConnectorRow } from '../core/models/region.ts';
import { authFromCredentials } from './auth.ts';
import { IroncladClient } from './clm/ironclad.ts';
import type { ConnectionCheck } from './connection-check.ts';
import { HubSpotClient } from './crm/hubspot.ts';
import { ErpNextClient } from './erp/erpnext.ts';
import { PermanentConnectorError } from './errors.ts';
import { KantataClient } from './psa/kantata.ts';

type StoredConnector = Pick<ConnectorRow, 'id' | 'slug' | 'driver' | 'baseUrl' | 'authKind'>;

// Builds the driver client of a stored connector from its decrypted credentials, for its
// connection test.
// NOTE: a connector row stores no generic REST operations yet, so a generic REST connector cannot
// be built from one. GenericRestClient.checkConnection works once a caller supplies them.
export function connectionCheckFor(connector: StoredConnector, credentials: Record<string, string>): ConnectionCheck {
  const { baseUrl } = connector;
  const auth = () => authFromCredentials(connector.authKind, credentials, connector.slug);
  switch (connector.driver) {
    case 'ironclad':
      return new IroncladClient({ baseUrl, apiToken: credentials.apiToken ?? '' });
    case 'erpnext':
      return new ErpNextClient({ baseUrl, apiKey: credentials.apiKey ?? '', apiSecret: credentials.apiSecret ?? '' });
    case 'hubspot':
      return new HubSpotClient({ baseUrl, auth: auth(), connectorId: connector.id });
    case 'kantata':
      return new KantataClient({ baseUrl, auth: auth(), connectorId: connector.id });
    default:
      throw new PermanentConnectorError(`Connector ${connector.slug} uses driver "${connector.driver}", which has no connection test. Use ironclad, erpnext, hubspot or kantata.`, { system: connector.slug, operation: 'checkConnection' });
  }
}
