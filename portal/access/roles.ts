import type { Role } from '../../services/core/models/control.ts';
import type { Principal } from '../auth/principal.ts';

// What each role may do. A platform-admin manages every tenant; a tenant-admin manages the tenants
// they are a member of; a tenant-viewer reads those tenants and changes nothing.

export function roleForTenant(principal: Principal, tenantId: string): Role | undefined {
  if (principal.platformAdmin) return 'platform-admin';
  return principal.tenantRoles[tenantId];
}

export function canManageTenant(role: Role | undefined): boolean {
  return role === 'platform-admin' || role === 'tenant-admin';
}

export const ROLE_LABELS: Record<Role, string> = {
  'platform-admin': 'Platform admin',
  'tenant-admin': 'Tenant admin',
  'tenant-viewer': 'Viewer',
};
