import { controlModels } from '../../core/models/control.ts';
import { findTenantById } from '../../core/tenants.ts';

// Whether a token's client may still act: its API client is active and its tenant active. A token
// outlives a suspension by up to its lifetime otherwise, so each request checks again.

export interface ClientStanding {
  clientId: string;
  tenantId: string;
  region: string;
  scopes: string[];
  tier: string;
}

// Brief, so disabling a client or suspending a tenant takes effect within this many milliseconds
// on every gateway copy, without a control database query on each request.
const CACHE_MS = 30_000;
const MAX_ENTRIES = 10_000;

const cache = new Map<string, { standing: ClientStanding | null; until: number }>();

async function loadStanding(clientId: string): Promise<ClientStanding | null> {
  const client = await controlModels().ApiClient.findOne({ where: { clientId } });
  if (!client || client.status !== 'active') return null;
  const tenant = await findTenantById(client.tenantId);
  if (!tenant || tenant.status !== 'active') return null;
  return { clientId, tenantId: tenant.id, region: tenant.region, scopes: client.scopes, tier: client.tier };
}

// Returns the client's standing, or null when the client or its tenant may not act.
export async function clientStanding(clientId: string): Promise<ClientStanding | null> {
  const hit = cache.get(clientId);
  if (hit && hit.until > Date.now()) return hit.standing;

  const standing = await loadStanding(clientId);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(clientId, { standing, until: Date.now() + CACHE_MS });
  return standing;
}
