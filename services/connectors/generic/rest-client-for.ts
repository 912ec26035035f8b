import type { ConnectorRow } from '../../core/models/region.ts';
import { authFromCredentials } from '../auth.ts';
import { GenericRestClient } from './rest.ts';
import { readRestSettings, restOperationsFrom } from './rest-settings.ts';

type StoredRestConnector = Pick<ConnectorRow, 'id' | 'slug' | 'baseUrl' | 'authKind' | 'settings'>;

// Builds the generic REST client of a stored connector: the operations come from its settings,
// which are checked again here, and the auth from its decrypted credentials.
export function restClientFor(connector: StoredRestConnector, credentials: Record<string, string>): GenericRestClient {
  const settings = readRestSettings(connector.settings, connector.slug);
  return new GenericRestClient({
    baseUrl: connector.baseUrl,
    auth: authFromCredentials(connector.authKind, credentials, connector.slug),
    connectorId: connector.id,
    system: connector.slug,
    operations: restOperationsFrom(settings),
    ...(settings.checkOperation ? { checkOperation: settings.checkOperation } : {}),
  });
}
