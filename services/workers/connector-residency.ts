import type { ConnectorRow } from '../core/models/region.ts';
import { assertConnectorResidency, ResidencyError } from '../core/residency.ts';
import type { TenantScope } from '../core/tenancy.ts';
import { PermanentStepError } from './errors.ts';

// Checks the tenant's residency policy each time a step builds a connector's client, because the
// policy may have changed since the connector was saved. A rejection is permanent: retrying
// cannot move the outside system into the tenant's region.
export async function assertResidencyAllows(scope: TenantScope, connector: ConnectorRow): Promise<void> {
  try {
    await assertConnectorResidency({ id: scope.tenantId, region: scope.region }, connector.id);
  } catch (error) {
    if (!(error instanceof ResidencyError)) throw error;
    const where = error.hostingRegion ? `is hosted in region ${error.hostingRegion}` : 'has no declared hosting region';
    throw new PermanentStepError(
      `${connector.kind.toUpperCase()} connector ${connector.slug} ${where}, but the tenant's residency policy accepts only connectors hosted in its own region ${scope.region}.`,
      `Point connector ${connector.slug} at a system hosted in ${scope.region} and set its hosting region in the portal, or change the tenant's residency policy; then retry the step.`,
      { cause: error },
    );
  }
}
