import { decryptSecret } from '../core/crypto.ts';
import { regionModels, type ConnectorRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { IroncladClient } from '../connectors/clm/ironclad.ts';
import { ErpNextClient } from '../connectors/erp/erpnext.ts';
import type { GenericRestClient } from '../connectors/generic/rest.ts';
import { restClientFor } from '../connectors/generic/rest-client-for.ts';
import { assertResidencyAllows } from './connector-residency.ts';
import { PermanentStepError } from './errors.ts';
import { remember, type StepContext } from './flow.ts';

// Builds driver clients from a tenant's connectors. Credentials are decrypted here, at the moment
// of use, and live only inside the client object; they are never logged or stored in run state.

async function loadConnector(scope: TenantScope, where: { id?: string; kind?: ConnectorRow['kind'] }): Promise<ConnectorRow> {
  const row = await withTenant(scope, async (transaction) =>
    regionModels(scope.region).Connector.findOne({ where: { ...where, status: 'active' }, order: [['createdAt', 'ASC']], transaction }));
  if (!row) {
    const wanted = where.id ? `connector ${where.id}` : `an active ${where.kind?.toUpperCase()} connector`;
    throw new PermanentStepError(`The tenant has no ${wanted}.`, `Create or enable ${wanted} in the portal, then retry the step.`);
  }
  const connector = row.get({ plain: true });
  await assertResidencyAllows(scope, connector);
  return connector;
}

function credentialsOf<T>(connector: ConnectorRow): T {
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

export async function clmClient(scope: TenantScope, connectorId: string): Promise<ConnectedClm> {
  const connector = await loadConnector(scope, { id: connectorId });
  if (connector.driver !== 'ironclad') {
    throw new PermanentStepError(`Connector ${connector.slug} uses driver "${connector.driver}", which this flow cannot read contracts from.`, 'Point the CLM webhook at an Ironclad connector.');
  }
  const { apiToken } = credentialsOf<{ apiToken: string }>(connector);
  return { connector, client: new IroncladClient({ baseUrl: connector.baseUrl, apiToken }) };
}

export async function erpClient(scope: TenantScope): Promise<ConnectedErp> {
  const connector = await loadConnector(scope, { kind: 'erp' });
  if (connector.driver !== 'erpnext') {
    throw new PermanentStepError(`ERP connector ${connector.slug} uses driver "${connector.driver}", which this flow does not support.`, 'Configure an ERPNext connector for the tenant.');
  }
  const { apiKey, apiSecret } = credentialsOf<{ apiKey: string; apiSecret: string }>(connector);
  return { connector, client: new ErpNextClient({ baseUrl: connector.baseUrl, apiKey, apiSecret }) };
}

// The tenant's ERP client, built once per delivery however many steps call the ERP.
export function erpClientFor(context: StepContext): Promise<ConnectedErp> {
  return remember(context, 'erp-client', () => erpClient(context.scope));
}

export function clmClientFor(context: StepContext, connectorId: string): Promise<ConnectedClm> {
  return remember(context, `clm-client:${connectorId}`, () => clmClient(context.scope, connectorId));
}

// A generic REST connector is looked up by id, never by kind, because a generic system has no
// fixed part in a flow. Its operations come from the connector's settings.
export async function restClient(scope: TenantScope, connectorId: string): Promise<ConnectedRest> {
  const connector = await loadConnector(scope, { id: connectorId });
  if (connector.driver !== 'rest') {
    throw new PermanentStepError(`Connector ${connector.slug} uses driver "${connector.driver}", not the generic REST driver.`, 'Point the step at a generic REST connector.');
  }
  return { connector, client: restClientFor(connector, credentialsOf<Record<string, string>>(connector)) };
}
