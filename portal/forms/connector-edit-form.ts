import type { ConnectorSummary } from '../../services/core/connector-registry.ts';
import { checkBaseUrl, checkHostingRegion, checkWebhookKey, readCredentials, type ConnectorCredentials } from './connector-form.ts';
import { checkName, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

export interface ConnectorEdit {
  name: string;
  baseUrl: string;
  /** New credentials, or undefined to keep the stored ones. */
  credentials?: ConnectorCredentials;
  /** New webhook verification key, or undefined to keep the stored one. */
  webhookKeyPem?: string;
  hostingRegion: string;
}

// Reads the edit form of an existing connector. Kind, driver and slug stay fixed, because runs
// and webhook URLs refer to them. Secrets left empty keep their stored values, and typed secrets
// are never put back into the form.
export function readConnectorEditForm(body: unknown, connector: ConnectorSummary): FormResult<ConnectorEdit> {
  const values = { name: text(body, 'name'), baseUrl: text(body, 'baseUrl'), webhookKeyPem: text(body, 'webhookKeyPem'), hostingRegion: text(body, 'hostingRegion') };
  const errors: FieldErrors = {};
  checkHostingRegion(errors, values.hostingRegion);

  checkName(errors, 'name', values.name, 200);
  checkBaseUrl(errors, values.baseUrl);
  const credentials = readCredentials(body, connector.driver, errors, true);
  if (values.webhookKeyPem) checkWebhookKey(errors, connector.kind, values.webhookKeyPem);

  if (hasErrors(errors)) return { values, errors };
  const input: ConnectorEdit = { name: values.name, baseUrl: values.baseUrl, hostingRegion: values.hostingRegion };
  if (credentials) input.credentials = credentials;
  if (values.webhookKeyPem) input.webhookKeyPem = values.webhookKeyPem;
  return { values, errors, input };
}
