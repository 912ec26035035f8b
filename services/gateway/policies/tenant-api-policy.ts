import { config } from '../../core/config.ts';
import { apiPolicyModels } from '../../core/models/api-policy.ts';

// A tenant's API policy: token lifetime and the versions its clients may call. Cached briefly
// because every request reads it; a change reaches every gateway copy within CACHE_MS.

export interface TenantApiPolicyView {
  tokenLifetimeSeconds: number | null;
  pinnedVersion: string | null;
  forbiddenVersions: string[];
}

const NO_POLICY: TenantApiPolicyView = { tokenLifetimeSeconds: null, pinnedVersion: null, forbiddenVersions: [] };
const CACHE_MS = 30_000;
const MAX_ENTRIES = 10_000;

const cache = new Map<string, { policy: TenantApiPolicyView; until: number }>();

export async function tenantApiPolicy(tenantId: string): Promise<TenantApiPolicyView> {
  const hit = cache.get(tenantId);
  if (hit && hit.until > Date.now()) return hit.policy;

  const row = await apiPolicyModels().TenantApiPolicy.findByPk(tenantId);
  const policy = row ? { tokenLifetimeSeconds: row.tokenLifetimeSeconds, pinnedVersion: row.pinnedVersion, forbiddenVersions: row.forbiddenVersions } : NO_POLICY;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(tenantId, { policy, until: Date.now() + CACHE_MS });
  return policy;
}

// The access token lifetime for the tenant's clients: its policy's, capped at
// TOKEN_MAX_LIFETIME_SECONDS, else TOKEN_LIFETIME_SECONDS (15 minutes unless configured).
export async function tokenLifetimeFor(tenantId: string): Promise<number> {
  const { tokenLifetimeSeconds, maxTokenLifetimeSeconds } = config().gateway;
  const policy = await tenantApiPolicy(tenantId);
  return Math.min(policy.tokenLifetimeSeconds ?? tokenLifetimeSeconds, maxTokenLifetimeSeconds);
}
