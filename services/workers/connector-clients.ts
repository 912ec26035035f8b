import type { Transaction } from 'sequelize';
import { decryptSecret } from '../core/crypto.ts';
import { regionModels, type ConnectorRow } from '../core/models/region.ts';
import { IroncladClient } from '../connectors/clm/ironclad.ts';
import { ErpNextClient } from '../connectors/erp/erpnext.ts';
import type { GenericRestClient } from '../connectors/generic/rest.ts';
import { restClientFor } from '../connectors/generic/rest-client-for.ts';
import { assertResidencyAllows } from './connector-residency.ts';
import { PermanentStepError } from './errors.ts';
import { remember, rememberRead, type DeliveryReads } from './flow.ts';

// Builds driver clients from a tenant's connectors. Credentials are decrypted here, at the moment
// of use, and live only inside the client object; they are never logged or stored in run state.

// The delivery memo's key for the tenant's active connectors.
export const ACTIVE_CONNECTORS = 'active-connectors';

// The tenant's active connectors, oldest first (by id among equals), read once per delivery: a
// flow's steps call up to four systems, and one read serves them all.
export function activeConnectors(reads: DeliveryReads, transaction?: Transaction): Promise<ConnectorRow[]> {
  return rememberRead(reads, ACTIVE_CONNECTORS, async (own) =>
    (await regionModels(reads.scope.region).Connector.findAll({ where: { status: 'active' }, order: [['createdAt', 'ASC'], ['id', 'ASC']], transaction: own }))
      .map((row) => row.get({ plain: true })), transaction);
}

// The oldest active connector with this id or of this kind that the residency policy allows, or
// null when the tenant has none.
export async function findActiveConnector(reads: DeliveryReads, where: { id?: string; kind?: ConnectorRow['kind'] }): Promise<ConnectorRow | null> {
  const connector = (await activeConnectors(reads)).find((candidate) => (where.id ? candidate.id === where.id : candidate.kind === where.kind));
  if (!connector) return null;
  await assertResidencyAllows(reads, connector);
  return connector;
}

async function loadConnector(reads: DeliveryReads, where: { id?: string; kind?: ConnectorRow['kind'] }): Promise<ConnectorRow> {
  const connector = await findActiveConnector(reads, where);
  if (!connector) {
    const wanted = where.id ? `connector ${where.id}` : `an active ${where.kind?.toUpperCase()} connector`;
    throw new PermanentStepError(`The tenant has no ${wanted}.`, `Create or enable ${wanted} in the portal, then retry the step.`);
  }
  return connector;
}

export function credentialsOf<T>(connector: ConnectorRow): T {
  return JSON.parse(decryptSecret(connector.credentialsEncrypted, connector.id)) as T;
}

export interface ConnectedClm {
  connector: ConnectorRow;
  client: IroncladClient;
}

export interface ConnectedErp {
  connector: ConnectorRow;
  client: ErpNextClient;
}

export interface ConnectedRest {
  connector: ConnectorRow;
  client: GenericRestClient;
}

// Returns a client built once per delivery. Its calls that may change the outside system first
// await the running step's beforeOutsideCall, so the attempt is on record before any change, and
// a step that only reads commits nothing first.
// A read that crashes the worker is therefore retried without an attempt counted. The crashed
// worker's lease on the run runs out instead, and LEASE_TAKEOVER_LIMIT in run-driver.ts bounds
// how often another consumer takes such a run over.
function clientForCall<Connected>(reads: DeliveryReads, key: string, build: (beforeChange: () => Promise<void>) => Promise<Connected>): Promise<Connected> {
  return remember(reads, key, () => build(() => beforeChangeOf(reads)));
}

// Awaits the attempt mark of the step that runs when the call is made, because one client serves
// every step of the delivery.
export async function beforeChangeOf(reads: DeliveryReads): Promise<void> {
  await reads.beforeOutsideCall?.();
}

// The CLM client of one connector.
export function clmClient(reads: DeliveryReads, connectorId: string): Promise<ConnectedClm> {
  return clientForCall(reads, `clm-client:${connectorId}`, (beforeChange) => buildClmClient(reads, connectorId, beforeChange));
}

async function buildClmClient(reads: DeliveryReads, connectorId: string, beforeChange: () => Promise<void>): Promise<ConnectedClm> {
  const connector = await loadConnector(reads, { id: connectorId });
  if (connector.driver !== 'ironclad') {
    throw new PermanentStepError(`Connector ${connector.slug} uses driver "${connector.driver}", which this flow cannot read contracts from.`, 'Point the CLM webhook at an Ironclad connector.');
  }
  const { apiToken } = credentialsOf<{ apiToken: string }>(connector);
  return { connector, client: new IroncladClient({ baseUrl: connector.baseUrl, apiToken, beforeChange }) };
}

// The tenant's ERP client, however many steps call the ERP.
export function erpClient(reads: DeliveryReads): Promise<ConnectedErp> {
  return clientForCall(reads, 'erp-client', (beforeChange) => buildErpClient(reads, beforeChange));
}

async function buildErpClient(reads: DeliveryReads, beforeChange: () => Promise<void>): Promise<ConnectedErp> {
  const connector = await loadConnector(reads, { kind: 'erp' });
  if (connector.driver !== 'erpnext') {
    throw new PermanentStepError(`ERP connector ${connector.slug} uses driver "${connector.driver}", which this flow does not support.`, 'Configure an ERPNext connector for the tenant.');
  }
  const { apiKey, apiSecret } = credentialsOf<{ apiKey: string; apiSecret: string }>(connector);
  return { connector, client: new ErpNextClient({ baseUrl: connector.baseUrl, apiKey, apiSecret, beforeChange }) };
}

// A generic REST connector is looked up by id, never by kind, because a generic system has no
// fixed part in a flow. Its operations come from the connector's settings, and any of them may
// change the system (a configured POST may be a search or a create), so taking the client marks
// the attempt.
export async function restClient(reads: DeliveryReads, connectorId: string): Promise<ConnectedRest> {
  const connector = await loadConnector(reads, { id: connectorId });
  if (connector.driver !== 'rest') {
    throw new PermanentStepError(`Connector ${connector.slug} uses driver "${connector.driver}", not the generic REST driver.`, 'Point the step at a generic REST connector.');
  }
  const client = restClientFor(connector, credentialsOf<Record<string, string>>(connector));
  await reads.beforeOutsideCall?.();
  return { connector, client };
}
