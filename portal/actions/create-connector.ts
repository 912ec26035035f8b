import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { encryptSecret } from '../../services/core/crypto.ts';
import { regionDatabase } from '../../services/core/database.ts';
import { regionModels } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import type { Tenant } from '../../services/core/models/control.ts';
import type { NewConnector } from '../forms/connector-form.ts';
import type { Actor } from './actor.ts';

// Stores the connector in the tenant's region database. Credentials and the webhook key are
// encrypted with the connector id as associated data, so a ciphertext copied onto another
// connector row fails to decrypt. Returns null when the tenant already has a connector with the slug.
export async function createConnector(tenant: Tenant, input: NewConnector, actor: Actor): Promise<string | null> {
  const { Connector } = regionModels(tenant.region);
  const id = randomUUID();
  try {
    await withTenant(scopeOf(tenant), async (transaction) => {
      await Connector.create({
        id,
        tenantId: tenant.id,
        slug: input.slug,
        kind: input.kind,
        driver: input.driver,
        name: input.name,
        baseUrl: input.baseUrl,
        authKind: input.authKind,
        credentialsEncrypted: encryptSecret(JSON.stringify(input.credentials), id),
        webhookKeyEncrypted: input.webhookKeyPem === null ? null : encryptSecret(input.webhookKeyPem, id),
        status: 'active',
      }, { transaction });
      // The "at" column takes its database default, the transaction's time.
      await regionDatabase(tenant.region).query(
        `INSERT INTO audit_log (tenant_id, actor, operation, object_type, object_id, request_id)
         VALUES (:tenantId, :actor, 'connector.create', 'connector', :objectId, :requestId)`,
        { replacements: { tenantId: tenant.id, actor: actor.email, objectId: id, requestId: actor.requestId }, transaction },
      );
    });
    return id;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }
}
