import type { IroncladWorkflow } from '../connectors/clm/ironclad.ts';
import { evaluateMapping, listMappingVersions, MappingExpressionError } from '../core/connector-mappings.ts';
import type { ConnectorRow } from '../core/models/region.ts';
import type { TenantScope } from '../core/tenancy.ts';
import { PermanentStepError } from './errors.ts';

// Applies the connector's field mapping, when an admin saved one, to a CLM workflow. The newest
// version of the JSONata expression runs on the workflow as the CLM returned it. The object it
// produces is laid over the workflow's attributes, so a firm whose CLM names its fields
// differently can map them onto the attribute ids the contract reader expects. The reader then
// names any field still missing or invalid.

export interface MappedWorkflow {
  workflow: IroncladWorkflow;
  mappingVersion: number | null;
}

export async function applyConnectorMapping(scope: TenantScope, connector: Pick<ConnectorRow, 'id' | 'slug'>, workflow: IroncladWorkflow): Promise<MappedWorkflow> {
  const [latest] = await listMappingVersions(scope.tenantId, connector.id);
  if (!latest) return { workflow, mappingVersion: null };

  let mapped: unknown;
  try {
    mapped = await evaluateMapping(latest.expression, workflow);
  } catch (error) {
    if (!(error instanceof MappingExpressionError)) throw error;
    throw new PermanentStepError(
      `Mapping version ${latest.version} of connector ${connector.slug} failed on workflow ${workflow.id}: ${error.message}`,
      'Preview the mapping in the portal with this workflow as the sample, save a corrected version, then replay the run.',
      { cause: error },
    );
  }
  if (mapped === undefined) return { workflow, mappingVersion: latest.version };
  if (typeof mapped !== 'object' || mapped === null || Array.isArray(mapped)) {
    throw new PermanentStepError(
      `Mapping version ${latest.version} of connector ${connector.slug} produced ${Array.isArray(mapped) ? 'a list' : typeof mapped} for workflow ${workflow.id}, not an object of attributes.`,
      'Make the expression return an object such as {"counterpartyName": attributes.customerName}, then replay the run.',
    );
  }
  return { workflow: { ...workflow, attributes: { ...workflow.attributes, ...(mapped as Record<string, unknown>) } }, mappingVersion: latest.version };
}
