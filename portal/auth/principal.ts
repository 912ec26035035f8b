import { controlModels, type Role } from '../../services/core/models/control.ts';

// The signed-in portal user with every role they hold. It is loaded from the control database on
// each request, so a removed membership takes effect at once and not at the next sign-in.
export interface Principal {
  id: string;
  email: string;
  name: string;
  /** True when the user has the platform-wide platform-admin membership. */
  platformAdmin: boolean;
  /** Role per tenant id, from the user's tenant memberships. */
  tenantRoles: Record<string, Exclude<Role, 'platform-admin'>>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport types req.user as Express.User, so the portal declares it as its principal.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Principal {}
  }
}

export async function loadPrincipal(userId: string): Promise<Principal | null> {
  const { AdminUser, Membership } = controlModels();
  const user = await AdminUser.findByPk(userId);
  if (!user) return null;

  const memberships = await Membership.findAll({ where: { userId } });
  const tenantRoles: Principal['tenantRoles'] = {};
  let platformAdmin = false;
  for (const membership of memberships) {
    if (membership.role === 'platform-admin') platformAdmin = true;
    else if (membership.tenantId) tenantRoles[membership.tenantId] = membership.role;
  }

  return { id: user.id, email: user.email, name: user.name, platformAdmin, tenantRoles };
}

export function hasAnyMembership(principal: Principal): boolean {
  return principal.platformAdmin || Object.keys(principal.tenantRoles).length > 0;
}
