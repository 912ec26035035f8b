import { Decimal } from 'decimal.js';
import { QueryTypes } from 'sequelize';
import type { CanonicalContract } from '../core/canonical.ts';
import { regionDatabase } from '../core/database.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { toCanonicalContract } from '../connectors/clm/ironclad-mapping.ts';
import { ConnectorError, MappingError } from '../connectors/errors.ts';
import type { BillingGap } from './billing-comparison.ts';
import { clmClient } from './connector-clients.ts';
import { applyConnectorMapping } from './connector-mapping.ts';
import type { ContractTerms } from './contract-terms.ts';
import type { StepContext } from './flow.ts';

// Chooses the terms that reconciliation compares with the ERP for a contract that came from the
// CLM. Without applied amendments those are the workflow's terms as the CLM returns them now.
// Amendments are separate CLM workflows, so the original workflow alone no longer contains the
// contract's terms once one is applied. Then the stored (amended) terms are compared with the ERP,
// and the original workflow is checked against the terms stored before the first amendment.

export interface ClmComparison {
  terms: ContractTerms;
  gaps: BillingGap[];
}

const CLM_SOURCE_PREFIX = 'clm:';

export function isClmContract(terms: ContractTerms): boolean {
  return terms.contract.source.startsWith(CLM_SOURCE_PREFIX) && Boolean(terms.contract.sourceRef);
}

// Reads the workflow, or returns undefined when the CLM responds 404. Any other failure still
// fails the step, so a transient outage is retried.
async function readWorkflowTerms(context: StepContext, connectorId: string, workflowId: string): Promise<CanonicalContract | MappingError | undefined> {
  const { client, connector } = await clmClient(context, connectorId);
  let workflow;
  try {
    workflow = await client.getWorkflow(workflowId);
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 404) return undefined;
    throw error;
  }
  const { workflow: mapped } = await applyConnectorMapping(context.scope, connector, workflow);
  try {
    return toCanonicalContract(mapped);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
}

// The contract value stored before the contract's first applied amendment, or undefined when no
// amendment was applied.
async function valueBeforeAmendments(scope: TenantScope, contractId: string): Promise<string | undefined> {
  const [first] = await withTenant(scope, (transaction) => regionDatabase(scope.region).query<{ totalValue: string }>(
    `SELECT previous_terms -> 'contract' ->> 'totalValue' AS "totalValue" FROM contract_amendments
     WHERE contract_id = :contractId AND status = 'applied' ORDER BY version LIMIT 1`,
    { replacements: { contractId }, type: QueryTypes.SELECT, transaction }));
  return first?.totalValue;
}

// Lays the CLM's terms over the stored rows. Milestones keep the stored id of the same name, so
// they still find their billing schedule lines, and a milestone the CLM added has none.
function withClmTerms(stored: ContractTerms, clm: CanonicalContract): ContractTerms {
  const owner = { tenantId: stored.contract.tenantId, contractId: stored.contract.id };
  const storedMilestones = new Map(stored.milestones.map((milestone) => [milestone.name, milestone]));
  return {
    contract: { ...stored.contract, totalValue: clm.totalValue, currency: clm.currency },
    customer: stored.customer,
    lines: clm.lines.map((line) => ({ id: '', ...owner, ...line, role: line.role ?? null })),
    rateCard: clm.rateCard.map((entry) => ({ id: '', ...owner, ...entry })),
    milestones: clm.milestones.map((milestone) => {
      const storedMilestone = storedMilestones.get(milestone.name);
      return { id: storedMilestone?.id ?? '', ...owner, ...milestone, status: storedMilestone?.status ?? 'planned' };
    }),
  };
}

// Returns the terms to compare with the ERP and the gaps found between the CLM and the stored
// terms. A workflow the CLM no longer has, or one that no longer maps to a valid contract, is a
// `clm.workflow` gap, and the stored terms are compared with the ERP instead.
export async function compareWithClm(context: StepContext, stored: ContractTerms): Promise<ClmComparison> {
  const connectorId = stored.contract.source.slice(CLM_SOURCE_PREFIX.length);
  const workflowId = stored.contract.sourceRef!;
  const clm = await readWorkflowTerms(context, connectorId, workflowId);
  if (clm === undefined) {
    context.log.warn({ contractId: stored.contract.id, connectorId, workflowId }, 'contract workflow not found in the CLM, so reconciliation records a gap');
    return { terms: stored, gaps: [{ field: 'clm.workflow', clmValue: `workflow ${workflowId} missing in CLM`, erpValue: null }] };
  }
  if (clm instanceof MappingError) {
    context.log.warn({ contractId: stored.contract.id, connectorId, workflowId, err: clm }, 'contract workflow in the CLM no longer maps to a valid contract, so reconciliation records a gap');
    return { terms: stored, gaps: [{ field: 'clm.workflow', clmValue: `invalid: ${clm.issues.map((issue) => `${issue.attribute} ${issue.problem}`).join('; ')}`, erpValue: null }] };
  }

  const signedValue = await valueBeforeAmendments(context.scope, stored.contract.id);
  if (signedValue === undefined) return { terms: withClmTerms(stored, clm), gaps: [] };

  // The gap's second value is the stored value before the amendments, not an ERP value, because
  // reconciliation_gaps has only the two value columns.
  // NOTE: only the value is checked here. Rates, lines and milestones of the original workflow
  // are not yet compared with the terms stored before the first amendment.
  const gaps: BillingGap[] = [];
  if (!new Decimal(clm.totalValue).equals(signedValue)) gaps.push({ field: 'clm.totalValue', clmValue: clm.totalValue, erpValue: signedValue });
  return { terms: stored, gaps };
}
