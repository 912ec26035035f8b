// The development tenant's fixed data, as the README lists it under "Local defaults".
// It exists only outside production.

import { SCOPES } from '../../services/gateway/auth/scopes.ts';

export const DEMO_TENANT = { slug: 'acme', name: 'Acme Consulting Group', region: 'eu' };

// The demo client has every scope, so each operation in the README can be tried with it.
export const DEMO_API_CLIENT = {
  clientId: 'acme-partner',
  secret: 'acme-partner-secret',
  scopes: [...SCOPES],
};

export const DEMO_USERS = [
  { email: 'ops@throughline.example', name: 'Platform Operator', role: 'platform-admin' as const },
  { email: 'admin@acme.example', name: 'Acme Admin', role: 'tenant-admin' as const },
];

export const DEMO_PASSWORD = 'throughline';

export const DEMO_CREDENTIALS = {
  clmApiToken: 'clm-dev-token',
  erpApiKey: 'erp-dev-key',
  erpApiSecret: 'erp-dev-secret',
  crmAccessToken: 'crm-dev-token',
  psaClientId: 'psa-dev-client',
  psaClientSecret: 'psa-dev-secret',
  // Standard Webhooks secret the PSA signs its webhooks with ("whsec_" and a base64 key).
  psaWebhookSecret: `whsec_${Buffer.from('throughline-psa-development-key!').toString('base64')}`,
};

// The firm's legal entities: a hub per region and country entities where it has staff.
export const DEMO_LEGAL_ENTITIES = [
  { code: 'ACME-DE', name: 'Acme Consulting GmbH', country: 'DE', currency: 'EUR', taxId: 'DE811907980', regionalHub: true, invoiceSeries: 'DE-INV-' },
  { code: 'ACME-FR', name: 'Acme Conseil SAS', country: 'FR', currency: 'EUR', taxId: 'FR40303265045', regionalHub: false, invoiceSeries: 'FR-FAC-' },
  { code: 'ACME-GB', name: 'Acme Advisory Ltd', country: 'GB', currency: 'GBP', taxId: 'GB980780684', regionalHub: false, invoiceSeries: 'GB-INV-' },
  { code: 'ACME-US', name: 'Acme Consulting Inc.', country: 'US', currency: 'USD', taxId: '12-3456789', regionalHub: true, invoiceSeries: 'US-INV-' },
];
