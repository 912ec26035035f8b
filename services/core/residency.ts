import { QueryTypes, type Transaction } from 'sequelize';
import { config } from './config.ts';
import { controlDatabase } from './database.ts';

// Data residency of connectors: where each connector's outside system is hosted, and whether a
// tenant accepts only connectors hosted in its own region. The portal checks the policy when a
// connector is saved, and callers check it with assertConnectorResidency before outside calls:
// the portal's connection test and the workers when they build a connector's client.

/** Hosting regions a connector can declare: the platform's regions and common vendor regions. */
export function hostingRegions(): string[] {
  return [...new Set([...config().regions.map((region) => region.name), 'eu', 'us', 'uk', 'ch', 'ca', 'apac'])];
}

export class ResidencyError extends Error {
  /** The connector's declared hosting region, undefined when it declared none. */
  readonly hostingRegion: string | undefined;

  constructor(message: string, hostingRegion: string | undefined) {
    super(message);
    this.name = 'ResidencyError';
    this.hostingRegion = hostingRegion;
  }
}

export interface ResidencyPolicy {
  connectorsInRegionOnly: boolean;
}

export async function findResidencyPolicy(tenantId: string, transaction?: Transaction): Promise<ResidencyPolicy> {
  const [row] = await controlDatabase().query<{ connectorsInRegionOnly: boolean }>(
    'SELECT connectors_in_region_only AS "connectorsInRegionOnly" FROM tenant_residency_policies WHERE tenant_id = :tenantId',
    { replacements: { tenantId }, type: QueryTypes.SELECT, transaction },
  );
  return { connectorsInRegionOnly: row?.connectorsInRegionOnly ?? false };
}

export async function saveResidencyPolicy(tenantId: string, policy: ResidencyPolicy, transaction?: Transaction): Promise<void> {
  await controlDatabase().query(
    `INSERT INTO tenant_residency_policies (tenant_id, connectors_in_region_only, updated_at) VALUES (:tenantId, :only, now())
     ON CONFLICT (tenant_id) DO UPDATE SET connectors_in_region_only = EXCLUDED.connectors_in_region_only, updated_at = now()`,
    { replacements: { tenantId, only: policy.connectorsInRegionOnly }, transaction },
  );
}

/** Declared hosting region per connector id; connectors that never declared one are absent. */
export async function findHostingRegions(tenantId: string): Promise<Map<string, string>> {
  const rows = await controlDatabase().query<{ connectorId: string; hostingRegion: string }>(
    'SELECT connector_id AS "connectorId", hosting_region AS "hostingRegion" FROM connector_hosting_regions WHERE tenant_id = :tenantId',
    { replacements: { tenantId }, type: QueryTypes.SELECT },
  );
  return new Map(rows.map((row) => [row.connectorId, row.hostingRegion]));
}

export async function saveHostingRegion(tenantId: string, connectorId: string, hostingRegion: string): Promise<void> {
  await controlDatabase().query(
    `INSERT INTO connector_hosting_regions (tenant_id, connector_id, hosting_region, updated_at) VALUES (:tenantId, :connectorId, :hostingRegion, now())
     ON CONFLICT (tenant_id, connector_id) DO UPDATE SET hosting_region = EXCLUDED.hosting_region, updated_at = now()`,
    { replacements: { tenantId, connectorId, hostingRegion } },
  );
}

// Returns why the policy rejects a connector hosted in `hostingRegion`, or undefined when it is
// allowed. An undeclared region counts as outside the tenant's region.
export function residencyViolation(tenant: { region: string }, policy: ResidencyPolicy, hostingRegion: string | undefined): string | undefined {
  if (!policy.connectorsInRegionOnly || hostingRegion === tenant.region) return undefined;
  const where = hostingRegion ? `is hosted in ${hostingRegion}` : 'has no declared hosting region';
  return `The connector ${where}, but this tenant accepts only connectors hosted in its own region ${tenant.region}.`;
}

// Throws ResidencyError when the tenant's policy forbids calling this connector.
export async function assertConnectorResidency(tenant: { id: string; region: string }, connectorId: string): Promise<void> {
  const policy = await findResidencyPolicy(tenant.id);
  if (!policy.connectorsInRegionOnly) return;
  const hostingRegion = (await findHostingRegions(tenant.id)).get(connectorId);
  const violation = residencyViolation(tenant, policy, hostingRegion);
  if (violation) throw new ResidencyError(`${violation} Change the connector's hosting region or the tenant's residency policy.`, hostingRegion);
}
