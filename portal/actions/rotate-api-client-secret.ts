import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import { rotateClientSecret } from '../../services/gateway/auth/client-secrets.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

export interface RotatedClient {
  clientId: string;
  /** The new plain secret; only its hash is stored, so this is the one time it exists. */
  secret: string;
  previousValidUntil: Date;
}

// Gives the tenant's active client a new secret through the gateway's rotation, which keeps the
// current secret valid for the grace period, then audits the rotation without either secret.
// Returns null when the tenant has no such active client.
export async function rotateApiClientSecret(tenant: Tenant, clientId: string, graceHours: number, actor: Actor): Promise<RotatedClient | null> {
  const client = await controlModels().ApiClient.findOne({ where: { clientId, tenantId: tenant.id, status: 'active' } });
  if (!client) return null;

  const rotated = await rotateClientSecret(client, graceHours * 3600);
  await recordChange(actor, {
    action: 'api-client.rotate-secret',
    objectType: 'api-client',
    objectId: clientId,
    tenantId: tenant.id,
    before: { previousSecretValidUntil: null },
    after: { previousSecretValidUntil: rotated.previousExpiresAt.toISOString(), graceHours },
  });
  return { clientId, secret: rotated.secret, previousValidUntil: rotated.previousExpiresAt };
}
