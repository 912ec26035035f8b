import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { decryptSecret } from './crypto.ts';
import { activeDataKey, sealWithDataKey, type DataKey } from './envelope-crypto.ts';
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
  // Driver settings, stored in plain JSON and shown on pages, so they must never hold a secret.
  // Left out, a new connector gets {} and an existing one keeps its settings.
  settings?: Record<string, unknown>;
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

// The stored columns of a connector, with its secrets sealed by the tenant's data key for the
// row with this id.
function connectorColumns(id: string, input: NewConnector, dataKey: DataKey) {
  return {
    kind: input.kind,
    driver: input.driver,
    name: input.name,
    baseUrl: input.baseUrl,
    authKind: input.authKind,
    credentialsEncrypted: sealWithDataKey(dataKey, JSON.stringify(input.credentials), id),
    webhookKeyEncrypted: input.webhookKey ? sealWithDataKey(dataKey, input.webhookKey, id) : null,
    ...(input.settings ? { settings: input.settings } : {}),
  };
}

// Extra writes that commit in the same region transaction as the connector change, such as the
// data audit record.
export type AlongsideWrites = (transaction: Transaction, connector: ConnectorSummary) => Promise<void>;

export async function createConnector(scope: TenantScope, input: NewConnector, alongside?: AlongsideWrites): Promise<ConnectorSummary> {
  const id = randomUUID();
  return withTenant(scope, async (transaction) => {
    const created = await regionModels(scope.region).Connector.create(
      { id, tenantId: scope.tenantId, slug: input.slug, ...connectorColumns(id, input, await activeDataKey(scope, transaction)) },
      { transaction },
    );
    const summary = summarizeConnector(created.get({ plain: true }));
    await alongside?.(transaction, summary);
    return summary;
  });
}

// Creates the connector, or replaces the endpoint, credentials and key of the one with this slug.
export async function saveConnector(scope: TenantScope, input: NewConnector): Promise<ConnectorSummary> {
  const updated = await withTenant(scope, async (transaction) => {
    const existing = await regionModels(scope.region).Connector.findOne({ where: { slug: input.slug }, transaction });
    if (!existing) return null;
    const { id } = existing.get({ plain: true });
    await existing.update({ ...connectorColumns(id, input, await activeDataKey(scope, transaction)), updatedAt: new Date() }, { transaction });
    return summarizeConnector(existing.get({ plain: true }));
  });
  return updated ?? createConnector(scope, input);
}

// Fields an admin may change on an existing connector. Credentials and the webhook key are
// replaced only when given, because the portal never shows them and cannot send them back.
export interface ConnectorChanges {
  name?: string;
  baseUrl?: string;
  credentials?: Record<string, string>;
  webhookKey?: string;
  // Replaces the stored settings as a whole. Like NewConnector.settings, never a secret.
  settings?: Record<string, unknown>;
  status?: ConnectorRow['status'];
}

// Changes the connector with this slug and returns it before and after, or null when the tenant
// has no such connector. The row is locked, so the before is exactly what the change replaced.
export async function updateConnector(
  scope: TenantScope,
  slug: string,
  changes: ConnectorChanges,
  alongside?: AlongsideWrites,
): Promise<{ before: ConnectorSummary; after: ConnectorSummary } | null> {
  return withTenant(scope, async (transaction) => {
    const row = await regionModels(scope.region).Connector.findOne({ where: { slug }, transaction, lock: transaction.LOCK.UPDATE });
    if (!row) return null;
    const before = summarizeConnector(row.get({ plain: true }));
    const { credentials, webhookKey, ...plain } = changes;
    const dataKey = credentials || webhookKey ? await activeDataKey(scope, transaction) : undefined;
    await row.update({
      ...plain,
      ...(credentials && dataKey ? { credentialsEncrypted: sealWithDataKey(dataKey, JSON.stringify(credentials), before.id) } : {}),
      ...(webhookKey && dataKey ? { webhookKeyEncrypted: sealWithDataKey(dataKey, webhookKey, before.id) } : {}),
      updatedAt: new Date(),
    }, { transaction });
    const after = summarizeConnector(row.get({ plain: true }));
    await alongside?.(transaction, after);
    return { before, after };
  });
}

export async function findConnectorBySlug(scope: TenantScope, slug: string): Promise<ConnectorSummary | null> {
  return withTenant(scope, async (transaction) => {
    const row = await regionModels(scope.region).Connector.findOne({ where: { slug }, transaction });
    return row ? summarizeConnector(row.get({ plain: true })) : null;
  });
}

// Seals every connector secret of the tenant again with its active data key: after a data key
// rotation, or once a new MASTER_KEY is in place, so the previous key can be dropped. Secrets
// are decrypted and sealed inside one transaction and never leave this function.
export async function resealConnectorSecrets(scope: TenantScope): Promise<number> {
  return withTenant(scope, async (transaction) => {
    const dataKey = await activeDataKey(scope, transaction);
    const rows = await regionModels(scope.region).Connector.findAll({ transaction, lock: transaction.LOCK.UPDATE });
    for (const row of rows) {
      const { id, credentialsEncrypted, webhookKeyEncrypted } = row.get({ plain: true });
      await row.update({
        credentialsEncrypted: sealWithDataKey(dataKey, decryptSecret(credentialsEncrypted, id), id),
        webhookKeyEncrypted: webhookKeyEncrypted ? sealWithDataKey(dataKey, decryptSecret(webhookKeyEncrypted, id), id) : null,
      }, { transaction });
    }
    return rows.length;
  });
}
