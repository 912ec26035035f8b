import type { ConnectorRow } from '../core/models/region.ts';
import { authFromCredentials } from './auth.ts';
import { IroncladClient } from './clm/ironclad.ts';
import type { ConnectionCheck } from './connection-check.ts';
import { HubSpotClient } from './crm/hubspot.ts';
import { ErpNextClient } from './erp/erpnext.ts';
import { PermanentConnectorError } from './errors.ts';
import { restClientFor } from './generic/rest-client-for.ts';
import { KantataClient } from './psa/kantata.ts';

// Settings matter only to the generic REST driver, which reads its operations from them.
type StoredConnector = Pick<ConnectorRow, 'id' | 'slug' | 'driver' | 'baseUrl' | 'authKind'> & Partial<Pick<ConnectorRow, 'settings'>>;

// Builds the driver client of a stored connector from its decrypted credentials, for its
// connection test.
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
    case 'rest':
      return restClientFor({ ...connector, settings: connector.settings ?? {} }, credentials);
    default:
      throw new PermanentConnectorError(`Connector ${connector.slug} uses driver "${connector.driver}", which has no connection test. Use ironclad, erpnext, hubspot, kantata or rest.`, { system: connector.slug, operation: 'checkConnection' });
  }
}
