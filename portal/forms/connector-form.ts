import { createPublicKey } from 'node:crypto';
import { hostingRegions } from '../../services/core/residency.ts';
import type { ConnectorRow } from '../../services/core/models/region.ts';
import { AUTH_LABELS, driverOf, webhookKeyField, type ConnectorKind, type DriverDefinition, type DriverName } from './connector-drivers.ts';
import { checkName, checkSlug, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';
import { readRestSettings, REST_DRIVER, restOperationValues } from './rest-operations-form.ts';

// The JSON that is encrypted into credentials_encrypted: the driver's credential fields by name.
export type ConnectorCredentials = Record<string, string>;

export interface NewConnector {
  slug: string;
  name: string;
  kind: ConnectorKind;
  driver: DriverName;
  baseUrl: string;
  authKind: ConnectorRow['authKind'];
  credentials: ConnectorCredentials;
  /** Key that verifies the connector's webhooks; null for drivers that send none. */
  webhookKey: string | null;
  /** Hosting region of the outside system, checked against the tenant's residency policy. */
  hostingRegion: string;
  /** Driver settings that are not secret: the operations of a generic REST connector. */
  settings?: Record<string, unknown>;
}

export function checkHostingRegion(errors: FieldErrors, value: string): void {
  const regions = hostingRegions();
  if (!value) errors.hostingRegion = 'Choose where the outside system is hosted.';
  else if (!regions.includes(value)) errors.hostingRegion = `Hosting region "${value}" is not known. Choose one of ${regions.join(', ')}.`;
}

export function checkBaseUrl(errors: FieldErrors, value: string): void {
  checkUrl(errors, 'baseUrl', value, 'base URL');
}

function checkUrl(errors: FieldErrors, field: string, value: string, what: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!value) errors[field] = `Enter the ${what} of the outside system, such as https://acme.ironcladapp.com.`;
  else if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) errors[field] = `"${value}" is not an http or https URL.`;
  else if (parsed.username || parsed.password) errors[field] = 'Remove the user name and password from the URL and enter them as credentials.';
  else if (value.length > 2000) errors[field] = 'The URL is longer than 2000 characters.';
}

const WHSEC = /^whsec_[A-Za-z0-9+/]{22,}={0,2}$/;

// Reads and checks the webhook key the driver needs: a PEM public key for Ironclad, a Standard
// Webhooks secret for Kantata. Drivers that send no webhooks take no key, so none is read.
export function readWebhookKey(body: unknown, driver: DriverDefinition, errors: FieldErrors, optional = false): string | undefined {
  const field = webhookKeyField(driver);
  if (!field) return undefined;
  const key = text(body, field);
  if (!key) {
    if (!optional) {
      errors[field] = driver.webhookKey === 'pem'
        ? `Paste the PEM public key that verifies ${driver.label}'s webhook signatures.`
        : `Paste the webhook signing secret from ${driver.label}, which starts with whsec_.`;
    }
    return undefined;
  }
  if (driver.webhookKey === 'whsec' && !WHSEC.test(key)) {
    errors[field] = 'This is not a Standard Webhooks secret. It should be whsec_ followed by base64, as the sending system shows it.';
  }
  if (driver.webhookKey === 'pem' && !isPublicKeyPem(key)) {
    errors[field] = 'This is not a PEM public key. It should start with -----BEGIN PUBLIC KEY-----.';
  }
  return key;
}

function isPublicKeyPem(key: string): boolean {
  if (!key.startsWith('-----BEGIN')) return false;
  try {
    createPublicKey(key);
    return true;
  } catch {
    return false;
  }
}

// Reads the driver's credentials. When optional, a form with every credential field empty keeps
// the stored credentials and returns undefined; a partly filled form still needs every field.
export function readCredentials(body: unknown, driver: DriverDefinition, errors: FieldErrors, optional = false): ConnectorCredentials | undefined {
  const credentials: ConnectorCredentials = {};
  for (const { field } of driver.credentials) credentials[field] = text(body, field);
  if (optional && Object.values(credentials).every((value) => value === '')) return undefined;

  for (const { field, label } of driver.credentials) {
    if (!credentials[field]) errors[field] = optional ? `Enter the ${label} too, or leave every credential empty to keep the stored ones.` : `Enter the ${label}.`;
  }
  if (credentials.tokenUrl && !errors.tokenUrl) checkUrl(errors, 'tokenUrl', credentials.tokenUrl, 'token URL');
  return credentials;
}

// Reads the connector form. Credentials and webhook secrets are read from the body but left out of
// the returned values, so a form shown again with errors does not carry secrets in its HTML. The
// PEM key is public, so it is kept. The kind comes from the driver, and a posted kind is ignored,
// so a connector's kind and driver cannot disagree.
export function readConnectorForm(body: unknown): FormResult<NewConnector> {
  const values = {
    slug: text(body, 'slug').toLowerCase(),
    name: text(body, 'name'),
    driver: text(body, 'driver'),
    baseUrl: text(body, 'baseUrl'),
    authKind: text(body, 'authKind'),
    webhookKeyPem: text(body, 'webhookKeyPem'),
    hostingRegion: text(body, 'hostingRegion'),
    ...restOperationValues(body),
  };
  const errors: FieldErrors = {};

  checkSlug(errors, 'slug', values.slug);
  checkName(errors, 'name', values.name, 200);
  checkHostingRegion(errors, values.hostingRegion);
  const driver = driverOf(values.driver);
  if (!driver) errors.driver = 'Choose a driver from the list.';
  checkBaseUrl(errors, values.baseUrl);
  if (driver && values.authKind !== driver.authKind) errors.authKind = `${driver.label} connectors use ${AUTH_LABELS[driver.authKind]} authentication. Choose that.`;
  const credentials = driver ? readCredentials(body, driver, errors) : undefined;
  const webhookKey = driver ? readWebhookKey(body, driver, errors) : undefined;
  const settings = values.driver === REST_DRIVER ? readRestSettings(values, errors) : undefined;

  if (hasErrors(errors) || !driver || !credentials) return { values, errors };
  const input: NewConnector = {
    slug: values.slug,
    name: values.name,
    kind: driver.kind,
    driver: values.driver as DriverName,
    baseUrl: values.baseUrl,
    authKind: driver.authKind,
    credentials,
    webhookKey: webhookKey ?? null,
    hostingRegion: values.hostingRegion,
    ...(settings ? { settings } : {}),
  };
  return { values, errors, input };
}
