import { randomUUID } from 'node:crypto';
import { controlModels } from '../../services/core/models/control.ts';
import { hashSecret } from '../../services/core/crypto.ts';

// Data factories. Each call makes uniquely named rows, so suites never collide and need no
// table truncation between them.

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTenant(overrides: { region?: string; slug?: string; name?: string; status?: 'active' | 'suspended' } = {}) {
  const { Tenant } = controlModels();
  const slug = overrides.slug ?? uniqueSlug();
  return Tenant.create({
    id: randomUUID(),
    slug,
    name: overrides.name ?? `Tenant ${slug}`,
    region: overrides.region ?? 'eu',
    status: overrides.status ?? 'active',
  });
}

export async function createApiClient(tenantId: string, scopes: string[], overrides: { secret?: string; status?: 'active' | 'disabled' } = {}) {
  const { ApiClient } = controlModels();
  const secret = overrides.secret ?? `secret-${randomUUID()}`;
  const client = await ApiClient.create({
    id: randomUUID(),
    clientId: uniqueSlug('client'),
    tenantId,
    name: 'Test client',
    secretHash: hashSecret(secret),
    scopes,
    status: overrides.status ?? 'active',
  });
  return { client, clientId: client.clientId, secret };
}
