import { randomUUID } from 'node:crypto';
import { encryptSecret } from './crypto.ts';
import { regionModels, type ConnectorRow } from './models/region.ts';
import { withTenant, type TenantScope } from './tenancy.ts';

// Creating a tenant's connector, shared by the portal, the development seed and the tests. The
// credentials and the webhook verification key are encrypted with the connector id as associated
// data, so a ciphertext copied onto another connector does not decrypt.

export interface NewConnector {
  slug: string;
  kind: ConnectorRow['kind'];
  driver: string;
  name: string;
  baseUrl: string;
  authKind: ConnectorRow['authKind'];
  credentials: Record<string, string>;
  webhookKey?: string;
}

// The connector as pages and APIs may show it: no credentials, only whether they are set.
export type ConnectorSummary = Omit<ConnectorRow, 'credentialsEncrypted' | 'webhookKeyEncrypted'> & {
  credentialsSet: boolean;
  webhookKeySet: boolean;
};

export function summarizeConnector(row: ConnectorRow): ConnectorSummary {
  const { credentialsEncrypted, webhookKeyEncrypted, ...visible } = row;
  return { ...visible, credentialsSet: Boolean(credentialsEncrypted), webhookKeySet: Boolean(webhookKeyEncrypted) };
}

// The stored columns of a connector, with its secrets encrypted for the row with this id.
function connectorColumns(id: string, input: NewConnector) {
  return {
    kind: input.kind,
    driver: input.driver,
    name: input.name,
    baseUrl: input.baseUrl,
    authKind: input.authKind,
    credentialsEncrypted: encryptSecret(JSON.stringify(input.credentials), id),
    webhookKeyEncrypted: input.webhookKey ? encryptSecret(input.webhookKey, id) : null,
  };
}

export async function createConnector(scope: TenantScope, input: NewConnector): Promise<ConnectorSummary> {
  const id = randomUUID();
  return withTenant(scope, async (transaction) => {
    const created = await regionModels(scope.region).Connector.create(
      { id, tenantId: scope.tenantId, slug: input.slug, ...connectorColumns(id, input) },
      { transaction },
    );
    return summarizeConnector(created.get({ plain: true }));
  });
}

// Creates the connector, or replaces the endpoint, credentials and key of the one with this slug.
export async function saveConnector(scope: TenantScope, input: NewConnector): Promise<ConnectorSummary> {
  const updated = await withTenant(scope, async (transaction) => {
    const existing = await regionModels(scope.region).Connector.findOne({ where: { slug: input.slug }, transaction });
    if (!existing) return null;
    const { id } = existing.get({ plain: true });
    await existing.update({ ...connectorColumns(id, input), updatedAt: new Date() }, { transaction });
    return summarizeConnector(existing.get({ plain: true }));
  });
  return updated ?? createConnector(scope, input);
}

export async function findConnectorBySlug(scope: TenantScope, slug: string): Promise<ConnectorSummary | null> {
  return withTenant(scope, async (transaction) => {
    const row = await regionModels(scope.region).Connector.findOne({ where: { slug }, transaction });
    return row ? summarizeConnector(row.get({ plain: true })) : null;
  });
}
