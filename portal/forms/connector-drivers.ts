import type { ConnectorRow } from '../../services/core/models/region.ts';

// The drivers the portal can configure: each one's connector kind, how it authenticates, the
// credential fields its form asks for, and the key that verifies its webhooks, if it sends any.

export interface CredentialField {
  field: string;
  label: string;
  /** Secret values are typed into password inputs and never shown again; others are plain text. */
  secret: boolean;
}

export interface DriverDefinition {
  kind: ConnectorRow['kind'];
  label: string;
  authKind: ConnectorRow['authKind'];
  credentials: CredentialField[];
  /** 'pem' for a public key (Ironclad), 'whsec' for a Standard Webhooks secret, undefined without webhooks. */
  webhookKey?: 'pem' | 'whsec';
}

export const DRIVERS = {
  ironclad: {
    kind: 'clm', label: 'Ironclad', authKind: 'api-token', webhookKey: 'pem',
    credentials: [{ field: 'apiToken', label: 'Ironclad API token', secret: true }],
  },
  erpnext: {
    kind: 'erp', label: 'ERPNext', authKind: 'api-token',
    credentials: [{ field: 'apiKey', label: 'ERPNext API key', secret: true }, { field: 'apiSecret', label: 'ERPNext API secret', secret: true }],
  },
  hubspot: {
    kind: 'crm', label: 'HubSpot', authKind: 'api-token',
    credentials: [{ field: 'accessToken', label: 'HubSpot private app access token', secret: true }],
  },
  kantata: {
    kind: 'psa', label: 'Kantata', authKind: 'oauth-client-credentials', webhookKey: 'whsec',
    credentials: [
      { field: 'clientId', label: 'Kantata OAuth client id', secret: false },
      { field: 'clientSecret', label: 'Kantata OAuth client secret', secret: true },
      { field: 'tokenUrl', label: 'Kantata OAuth token URL', secret: false },
    ],
  },
  // Its operations are settings, read by rest-operations-form.ts.
  // NOTE: the portal offers only a Bearer API token for it, although the driver also supports
  // basic and OAuth 2.0 client credentials auth.
  rest: {
    kind: 'other', label: 'Generic REST', authKind: 'api-token',
    credentials: [{ field: 'token', label: 'API token, sent as a Bearer token', secret: true }],
  },
} satisfies Record<string, DriverDefinition>;

export type DriverName = keyof typeof DRIVERS;
export type ConnectorKind = ConnectorRow['kind'];

export const KIND_LABELS: Record<ConnectorKind, string> = {
  clm: 'CLM (contract lifecycle)',
  erp: 'ERP',
  crm: 'CRM',
  psa: 'PSA (professional services automation)',
  other: 'Other (generic REST)',
};

export const AUTH_LABELS: Record<ConnectorRow['authKind'], string> = {
  'api-token': 'API token',
  basic: 'Basic (user name and password)',
  'oauth-client-credentials': 'OAuth 2.0 client credentials',
};

export function driverOf(name: string): DriverDefinition | undefined {
  return Object.hasOwn(DRIVERS, name) ? DRIVERS[name as DriverName] : undefined;
}

// The driver choices for the select, such as "Ironclad (CLM)".
export function driverLabels(): Record<string, string> {
  return Object.fromEntries(Object.entries(DRIVERS).map(([name, driver]) => [name, `${driver.label} (${driver.kind.toUpperCase()})`]));
}

// The form field that carries the driver's webhook key: a PEM textarea or a secret input.
export function webhookKeyField(driver: DriverDefinition): 'webhookKeyPem' | 'webhookSecret' | undefined {
  if (driver.webhookKey === 'pem') return 'webhookKeyPem';
  if (driver.webhookKey === 'whsec') return 'webhookSecret';
  return undefined;
}
