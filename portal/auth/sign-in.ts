import { randomUUID } from 'node:crypto';
import { controlModels } from '../../services/core/models/control.ts';
import { loadPrincipal, type Principal } from './principal.ts';

// A completed sign-in: the principal plus the ID token that RP-initiated logout sends back.
export type SignIn = Principal & { idToken: string };

// Maps the provider's email claim to an admin user, creating the row on the first sign-in and
// keeping the display name current. Returns null when the email is missing or marked unverified,
// because memberships are keyed on email and an unverified one could claim someone else's access.
export async function recordSignIn(claims: Record<string, unknown>): Promise<Principal | null> {
  if (typeof claims.email !== 'string' || claims.email_verified === false) return null;
  const email = claims.email.trim().toLowerCase();
  if (!email.includes('@')) return null;
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : '';

  const { AdminUser } = controlModels();
  const [user, created] = await AdminUser.findOrCreate({ where: { email }, defaults: { id: randomUUID(), email, name } });
  if (!created && name && user.name !== name) await user.update({ name });

  return loadPrincipal(user.id);
}
