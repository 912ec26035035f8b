import { randomBytes, randomUUID } from 'node:crypto';
import { controlDatabase } from '../../services/core/database.ts';
import { hashSecret, randomSecret } from '../../services/core/crypto.ts';
import { controlModels, type Tenant } from '../../services/core/models/control.ts';
import type { NewApiClient } from '../forms/api-client-form.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Actor } from './actor.ts';

export interface IssuedApiClient {
  clientId: string;
  /** The plain secret. Only its scrypt hash is stored, so this is the one time it exists. */
  secret: string;
}

// Creates an API client with a generated id and secret and records it in the control audit log.
// The client id starts with the tenant slug so operators can tell clients apart in logs.
export async function createApiClient(tenant: Tenant, input: NewApiClient, actor: Actor): Promise<IssuedApiClient> {
  const { ApiClient } = controlModels();
  const clientId = `${tenant.slug}-${randomBytes(5).toString('hex')}`;
  const secret = randomSecret(32);

  await controlDatabase().transaction(async (transaction) => {
    const client = await ApiClient.create({
      id: randomUUID(),
      clientId,
      tenantId: tenant.id,
      name: input.name,
      secretHash: hashSecret(secret),
      scopes: input.scopes,
      tier: input.tier,
    }, { transaction });
    await recordChange(actor, {
      action: 'api-client.create',
      objectType: 'api-client',
      objectId: client.clientId,
      tenantId: tenant.id,
      before: null,
      after: { clientId, name: input.name, scopes: input.scopes, tier: input.tier, status: 'active' },
    }, transaction);
  });
  return { clientId, secret };
}
