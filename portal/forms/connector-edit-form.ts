import type { ConnectorSummary } from '../../services/core/connector-registry.ts';
import { driverOf } from './connector-drivers.ts';
import { checkBaseUrl, checkHostingRegion, readCredentials, readWebhookKey, type ConnectorCredentials } from './connector-form.ts';
import { checkName, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';
import { readRestSettings, REST_DRIVER, restOperationValues } from './rest-operations-form.ts';

export interface ConnectorEdit {
  name: string;
  baseUrl: string;
  /** New credentials, or undefined to keep the stored ones. */
  credentials?: ConnectorCredentials;
  /** New webhook verification key, or undefined to keep the stored one. */
  webhookKey?: string;
  hostingRegion: string;
  /** New driver settings (generic REST operations), replacing the stored ones. */
  settings?: Record<string, unknown>;
}

// Reads the edit form of an existing connector. Kind, driver and slug stay fixed, because runs
// and webhook URLs refer to them. Secrets left empty keep their stored values, and typed secrets
// are never put back into the form.
export function readConnectorEditForm(body: unknown, connector: ConnectorSummary): FormResult<ConnectorEdit> {
  const values = {
    name: text(body, 'name'),
    baseUrl: text(body, 'baseUrl'),
    webhookKeyPem: text(body, 'webhookKeyPem'),
    hostingRegion: text(body, 'hostingRegion'),
    ...restOperationValues(body),
  };
  const errors: FieldErrors = {};
  const driver = driverOf(connector.driver);

  checkName(errors, 'name', values.name, 200);
  checkBaseUrl(errors, values.baseUrl);
  checkHostingRegion(errors, values.hostingRegion);
  const credentials = driver ? readCredentials(body, driver, errors, true) : undefined;
  const webhookKey = driver ? readWebhookKey(body, driver, errors, true) : undefined;
  const settings = connector.driver === REST_DRIVER ? readRestSettings(values, errors) : undefined;

  if (hasErrors(errors)) return { values, errors };
  const input: ConnectorEdit = { name: values.name, baseUrl: values.baseUrl, hostingRegion: values.hostingRegion };
  if (credentials) input.credentials = credentials;
  if (webhookKey) input.webhookKey = webhookKey;
  if (settings) input.settings = settings;
  return { values, errors, input };
}
