import { controlModels, type Tenant } from './models/control.ts';
import type { TenantScope } from './tenancy.ts';

// Looks up tenants in the control database. A tenant's region decides which region database and
// vhost hold its data, so every request resolves the tenant here before touching business data.

export async function findTenantBySlug(slug: string): Promise<Tenant | null> {
  if (!/^[a-z][a-z0-9-]{1,39}$/.test(slug)) return null;
  return controlModels().Tenant.findOne({ where: { slug } });
}

export async function findTenantById(id: string): Promise<Tenant | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return controlModels().Tenant.findByPk(id);
}

export function scopeOf(tenant: Pick<Tenant, 'id' | 'region'>): TenantScope {
  return { tenantId: tenant.id, region: tenant.region };
}
