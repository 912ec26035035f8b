import { randomUUID } from 'node:crypto';
import { controlModels, type Role } from '../../services/core/models/control.ts';
import { regionModels } from '../../services/core/models/region.ts';
import { saveConnector } from '../../services/core/connector-registry.ts';
import { hashSecret } from '../../services/core/crypto.ts';
import { withTenant, type TenantScope } from '../../services/core/tenancy.ts';
import { DEMO_CREDENTIALS } from './demo-data.ts';

// Idempotent building blocks of the development seed, also used by the end-to-end tests to set
// up a tenant wired to the simulators.

export async function ensureTenant(slug: string, name: string, region: string): Promise<TenantScope & { slug: string }> {
  const { Tenant } = controlModels();
  const [tenant] = await Tenant.findOrCreate({ where: { slug }, defaults: { id: randomUUID(), slug, name, region } });
  return { tenantId: tenant.id, region: tenant.region, slug };
}

export async function ensureApiClient(tenantId: string, clientId: string, secret: string, scopes: string[]): Promise<void> {
  const { ApiClient } = controlModels();
  const existing = await ApiClient.findOne({ where: { clientId } });
  if (existing) {
    await existing.update({ secretHash: hashSecret(secret), scopes, status: 'active' });
    return;
  }
  await ApiClient.create({ id: randomUUID(), clientId, tenantId, name: `${clientId} (development)`, secretHash: hashSecret(secret), scopes });
}

export async function ensureMembership(email: string, name: string, role: Role, tenantId: string | null): Promise<void> {
  const { AdminUser, Membership } = controlModels();
  const [user] = await AdminUser.findOrCreate({ where: { email }, defaults: { id: randomUUID(), email, name } });
  const existing = await Membership.findOne({ where: { userId: user.id, tenantId } });
  if (!existing) await Membership.create({ id: randomUUID(), userId: user.id, tenantId, role });
}

export interface LegalEntityInput {
  code: string;
  name: string;
  country: string;
  currency: string;
  taxId: string;
  regionalHub: boolean;
  invoiceSeries: string;
}

export async function ensureLegalEntities(scope: TenantScope, entities: LegalEntityInput[]): Promise<void> {
  await withTenant(scope, async (transaction) => {
    const { LegalEntity } = regionModels(scope.region);
    for (const entity of entities) {
      await LegalEntity.findOrCreate({ where: { tenantId: scope.tenantId, code: entity.code }, defaults: { id: randomUUID(), tenantId: scope.tenantId, ...entity }, transaction });
    }
  });
}

export interface SimulatorEndpoints {
  clmUrl: string;
  erpUrl: string;
  gatewayUrl: string;
  // The CRM and PSA connectors are made only when their simulator addresses are given.
  crmUrl?: string;
  psaUrl?: string;
}

async function clmRequest(clmUrl: string, path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${clmUrl}/public/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${DEMO_CREDENTIALS.clmApiToken}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`CLM simulator responded with ${response.status} to ${init.method ?? 'GET'} ${path}. Check that it is running at ${clmUrl}.`);
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

// Wires a tenant to the simulators the way an admin would: the CLM connector stores the CLM's
// webhook verification key, and the CLM gets a webhook pointing at the tenant's gateway URL.
export async function ensureSimulatorConnectors(scope: TenantScope & { slug: string }, endpoints: SimulatorEndpoints): Promise<void> {
  const verification = await clmRequest(endpoints.clmUrl, '/webhooks/verification-key');
  const webhookKey = typeof verification === 'string' ? verification : String((verification as { publicKey?: string; key?: string }).publicKey ?? (verification as { key?: string }).key);

  await saveConnector(scope, {
    slug: 'ironclad', kind: 'clm', driver: 'ironclad', name: 'Ironclad (simulator)', baseUrl: endpoints.clmUrl,
    authKind: 'api-token', credentials: { apiToken: DEMO_CREDENTIALS.clmApiToken }, webhookKey,
  });
  await saveConnector(scope, {
    slug: 'erpnext', kind: 'erp', driver: 'erpnext', name: 'ERPNext (simulator)', baseUrl: endpoints.erpUrl,
    authKind: 'api-token', credentials: { apiKey: DEMO_CREDENTIALS.erpApiKey, apiSecret: DEMO_CREDENTIALS.erpApiSecret },
  });

  if (endpoints.crmUrl) await ensureCrmConnector(scope, endpoints.crmUrl);
  if (endpoints.psaUrl) await ensurePsaConnector(scope, endpoints.psaUrl, endpoints.gatewayUrl);

  const targetURL = `${endpoints.gatewayUrl}/hooks/${scope.slug}/ironclad`;
  const webhooks = await clmRequest(endpoints.clmUrl, '/webhooks') as { list?: { targetURL: string }[] } | { targetURL: string }[];
  const list = Array.isArray(webhooks) ? webhooks : webhooks.list ?? [];
  if (!list.some((webhook) => webhook.targetURL === targetURL)) {
    await clmRequest(endpoints.clmUrl, '/webhooks', { method: 'POST', body: JSON.stringify({ events: ['workflow_completed'], targetURL }) });
  }
}

async function ensureCrmConnector(scope: TenantScope, crmUrl: string): Promise<void> {
  await saveConnector(scope, {
    slug: 'hubspot', kind: 'crm', driver: 'hubspot', name: 'HubSpot (simulator)', baseUrl: crmUrl,
    authKind: 'api-token', credentials: { accessToken: DEMO_CREDENTIALS.crmAccessToken },
  });
}

// The PSA connector authenticates with OAuth client credentials, and the PSA signs its webhooks
// with the connector's Standard Webhooks secret, which the simulator receives through /_sim.
async function ensurePsaConnector(scope: TenantScope & { slug: string }, psaUrl: string, gatewayUrl: string): Promise<void> {
  await saveConnector(scope, {
    slug: 'kantata', kind: 'psa', driver: 'kantata', name: 'Kantata (simulator)', baseUrl: psaUrl,
    authKind: 'oauth-client-credentials',
    credentials: { clientId: DEMO_CREDENTIALS.psaClientId, clientSecret: DEMO_CREDENTIALS.psaClientSecret, tokenUrl: `${psaUrl}/oauth/token` },
    webhookKey: DEMO_CREDENTIALS.psaWebhookSecret,
  });
  const response = await fetch(`${psaUrl}/_sim/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${gatewayUrl}/hooks/${scope.slug}/kantata`, secret: DEMO_CREDENTIALS.psaWebhookSecret }),
  });
  if (!response.ok) throw new Error(`PSA simulator responded ${response.status} to POST /_sim/webhooks. Check that it is running at ${psaUrl}.`);
}
