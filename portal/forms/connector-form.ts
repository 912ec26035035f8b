import { createPublicKey } from 'node:crypto';
import { hostingRegions } from '../../services/core/residency.ts';
import { checkName, checkSlug, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

// The drivers the portal can configure and the connector kind each belongs to.
export const DRIVERS = {
  ironclad: { kind: 'clm', label: 'Ironclad' },
  erpnext: { kind: 'erp', label: 'ERPNext' },
} as const;
export type DriverName = keyof typeof DRIVERS;
export type ConnectorKind = (typeof DRIVERS)[DriverName]['kind'];

export const KIND_LABELS: Record<ConnectorKind, string> = { clm: 'CLM (contract lifecycle)', erp: 'ERP' };

// The JSON that is encrypted into credentials_encrypted, per driver.
export type ConnectorCredentials = { apiToken: string } | { apiKey: string; apiSecret: string };

export interface NewConnector {
  slug: string;
  name: string;
  kind: ConnectorKind;
  driver: DriverName;
  baseUrl: string;
  authKind: 'api-token';
  credentials: ConnectorCredentials;
  /** PEM public key that verifies the CLM's webhook signatures; null for ERP connectors. */
  webhookKeyPem: string | null;
  /** Hosting region of the outside system, checked against the tenant's residency policy. */
  hostingRegion: string;
}

export function checkHostingRegion(errors: FieldErrors, value: string): void {
  const regions = hostingRegions();
  if (!value) errors.hostingRegion = 'Choose where the outside system is hosted.';
  else if (!regions.includes(value)) errors.hostingRegion = `Hosting region "${value}" is not known. Choose one of ${regions.join(', ')}.`;
}

export function checkBaseUrl(errors: FieldErrors, value: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!value) errors.baseUrl = 'Enter the base URL of the outside system, such as https://acme.ironcladapp.com.';
  else if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) errors.baseUrl = `"${value}" is not an http or https URL.`;
  else if (parsed.username || parsed.password) errors.baseUrl = 'Remove the user name and password from the URL and enter them as credentials.';
  else if (value.length > 2000) errors.baseUrl = 'The URL is longer than 2000 characters.';
}

export function checkWebhookKey(errors: FieldErrors, kind: string, pem: string): void {
  if (kind !== 'clm') {
    if (pem) errors.webhookKeyPem = 'Leave this empty: only CLM connectors receive webhooks.';
    return;
  }
  if (!pem) {
    errors.webhookKeyPem = 'Paste the PEM public key that verifies the CLM\'s webhook signatures.';
    return;
  }
  try {
    if (!pem.startsWith('-----BEGIN')) throw new Error('not PEM');
    createPublicKey(pem);
  } catch {
    errors.webhookKeyPem = 'This is not a PEM public key. It should start with -----BEGIN PUBLIC KEY-----.';
  }
}

// The credential fields of each driver, in the order the forms show them.
const CREDENTIAL_FIELDS: Record<DriverName, { field: string; label: string }[]> = {
  ironclad: [{ field: 'apiToken', label: 'Ironclad API token' }],
  erpnext: [{ field: 'apiKey', label: 'ERPNext API key' }, { field: 'apiSecret', label: 'ERPNext API secret' }],
};

// Reads the driver's credentials. When optional, a form with every credential field empty keeps
// the stored credentials and returns undefined; a partly filled form still needs every field.
export function readCredentials(body: unknown, driver: string, errors: FieldErrors, optional = false): ConnectorCredentials | undefined {
  const fields = Object.hasOwn(CREDENTIAL_FIELDS, driver) ? CREDENTIAL_FIELDS[driver as DriverName] : undefined;
  if (!fields) return undefined;
  const credentials: Record<string, string> = {};
  for (const { field } of fields) credentials[field] = text(body, field);
  if (optional && Object.values(credentials).every((value) => value === '')) return undefined;

  for (const { field, label } of fields) {
    if (!credentials[field]) errors[field] = optional ? `Enter the ${label} too, or leave every credential empty to keep the stored ones.` : `Enter the ${label}.`;
  }
  return credentials as ConnectorCredentials;
}

// Reads the connector form. The credentials are read from the body but left out of the returned
// values, so a form shown again with errors does not carry secrets in its HTML.
export function readConnectorForm(body: unknown): FormResult<NewConnector> {
  const values = {
    slug: text(body, 'slug').toLowerCase(),
    name: text(body, 'name'),
    kind: text(body, 'kind'),
    driver: text(body, 'driver'),
    baseUrl: text(body, 'baseUrl'),
    authKind: text(body, 'authKind') || 'api-token',
    webhookKeyPem: text(body, 'webhookKeyPem'),
    hostingRegion: text(body, 'hostingRegion'),
  };
  const errors: FieldErrors = {};

  checkSlug(errors, 'slug', values.slug);
  checkHostingRegion(errors, values.hostingRegion);
  checkName(errors, 'name', values.name, 200);
  const driver = Object.hasOwn(DRIVERS, values.driver) ? DRIVERS[values.driver as DriverName] : undefined;
  if (values.kind !== 'clm' && values.kind !== 'erp') errors.kind = 'Choose CLM or ERP.';
  if (!driver) errors.driver = 'Choose Ironclad or ERPNext.';
  else if (!errors.kind && driver.kind !== values.kind) errors.driver = `${driver.label} is a ${driver.kind.toUpperCase()} driver. Choose the matching kind or driver.`;
  checkBaseUrl(errors, values.baseUrl);
  if (values.authKind !== 'api-token') errors.authKind = 'Only API token authentication is available for these drivers.';
  const credentials = readCredentials(body, values.driver, errors);
  checkWebhookKey(errors, values.kind, values.webhookKeyPem);

  if (hasErrors(errors) || !driver || !credentials) return { values, errors };
  const input: NewConnector = {
    slug: values.slug,
    name: values.name,
    kind: driver.kind,
    driver: values.driver as DriverName,
    baseUrl: values.baseUrl,
    authKind: 'api-token',
    credentials,
    webhookKeyPem: driver.kind === 'clm' ? values.webhookKeyPem : null,
    hostingRegion: values.hostingRegion,
  };
  return { values, errors, input };
}
