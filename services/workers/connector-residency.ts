import type { ConnectorRow } from '../core/models/region.ts';
import { findHostingRegions, findResidencyPolicy, residencyViolation } from '../core/residency.ts';
import { PermanentStepError } from './errors.ts';
import { remember, type DeliveryReads } from './flow.ts';

// Checks the tenant's residency policy each time a delivery builds a connector's client, because
// the policy may have changed since the connector was saved. The policy is read once per delivery,
// so every step of one delivery applies the same policy. A rejection is permanent: retrying cannot
// move the outside system into the tenant's region.
export async function assertResidencyAllows(reads: DeliveryReads, connector: ConnectorRow): Promise<void> {
  const { scope } = reads;
  const policy = await remember(reads, 'residency-policy', () => findResidencyPolicy(scope.tenantId));
  if (!policy.connectorsInRegionOnly) return;

  const hostingRegion = (await remember(reads, 'hosting-regions', () => findHostingRegions(scope.tenantId))).get(connector.id);
  if (!residencyViolation(scope, policy, hostingRegion)) return;
  const where = hostingRegion ? `is hosted in region ${hostingRegion}` : 'has no declared hosting region';
  throw new PermanentStepError(
    `${connector.kind.toUpperCase()} connector ${connector.slug} ${where}, but the tenant's residency policy accepts only connectors hosted in its own region ${scope.region}.`,
    `Point connector ${connector.slug} at a system hosted in ${scope.region} and set its hosting region in the portal, or change the tenant's residency policy; then retry the step.`,
  );
}
