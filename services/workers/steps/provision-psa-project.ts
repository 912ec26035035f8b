import { Decimal } from 'decimal.js';
import type { KantataClient } from '../../connectors/psa/kantata.ts';
import type { Transaction } from 'sequelize';
import { termsFor, type ContractTerms } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { findExternalRef, recordExternalRefs, type NewExternalRef } from '../lineage.ts';
import { psaClient } from '../outside-clients.ts';
import { outputOf, type Step, type StepContext } from '../flow.ts';
import type { ErpProject } from './create-erp-project.ts';
import type { LoadedContract } from './load-contract.ts';

export interface PsaProject {
  psaWorkspaceId: string | null;
  roles: number;
  milestones: number;
  skipped?: string;
}

// Amounts in the PSA are whole cents of the contract currency.
export function toCents(amount: string): number {
  return new Decimal(amount).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

// Makes the delivery side of the contract in the PSA: a workspace for the project, a staffed role
// per rate card entry with its negotiated rate, and a milestone per contract milestone. Each part
// is looked up before it is made (the workspace by the contract id, roles by name, milestones by
// title), so a retry after a timeout adds nothing twice.
export const provisionPsaProject: Step<PsaProject> = {
  name: 'provision-psa-project',

  async run(context) {
    const { scope } = context;
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const { projectId } = outputOf<ErpProject>(context, 'create-erp-project');
    const psa = await psaClient(context);
    if (!psa) return { output: { psaWorkspaceId: null, roles: 0, milestones: 0, skipped: 'the tenant has no active PSA connector' } };

    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    // Only this step makes the contract's workspace and what is in it, so a first call has nothing
    // to find: it creates the workspace, roles and milestones without looking them up.
    const fresh = context.neverCalled === true;
    const found = fresh ? undefined : await psa.client.findWorkspaceByReference(contractId);
    // A workspace that compensation archived is restored when an admin retries or replays the run.
    if (found?.archived) await psa.client.setWorkspaceArchived(found.id, false);
    const workspace = found ?? await psa.client.createWorkspace({
      title: terms.contract.title,
      description: `Provisioned by Throughline from contract ${contractId}.`,
      start_date: terms.contract.startDate,
      ...(terms.contract.endDate ? { due_date: terms.contract.endDate } : {}),
      currency: terms.contract.currency,
      price_in_cents: toCents(terms.contract.totalValue),
      external_reference: contractId,
    });
    await addRoles(psa.client, workspace.id, terms, fresh);
    const milestoneIds = await addMilestones(psa.client, workspace.id, terms, fresh);

    const link = (objectType: string, objectId: string, externalId: string): NewExternalRef => ({
      contractId, objectType, objectId, system: 'psa', connectorId: psa.connector.id, externalId,
      externalUrl: null, runId: context.run.id, stepName: 'provision-psa-project',
    });
    const output = { psaWorkspaceId: workspace.id, roles: terms.rateCard.length, milestones: milestoneIds.size };
    return { output, writes: async (transaction: Transaction) => {
      const milestoneLinks = [...milestoneIds].map(([milestoneId, storyId]) => link('milestone', milestoneId, storyId));
      await recordExternalRefs(scope, transaction, [link('project', projectId, workspace.id), ...milestoneLinks]);
    } };
  },

  async compensate(context: StepContext) {
    const { projectId } = outputOf<ErpProject>(context, 'create-erp-project');
    const ref = await findExternalRef(context.scope, 'project', projectId, 'psa');
    const psa = ref ? await psaClient(context) : null;
    if (!ref || !psa) return;
    await psa.client.setWorkspaceArchived(ref.externalId, true);
    context.log.info({ psaWorkspaceId: ref.externalId, connectorId: psa.connector.id }, 'archived the PSA workspace of a failed activation');
  },
};

async function addRoles(client: KantataClient, workspaceId: string, terms: ContractTerms, fresh: boolean): Promise<void> {
  const existing = new Set(fresh ? [] : (await client.listResources(workspaceId)).map((resource) => resource.role_name));
  for (const entry of terms.rateCard.filter((candidate) => !existing.has(candidate.role))) {
    await client.createResource({ workspace_id: workspaceId, role_name: entry.role, bill_rate_in_cents: toCents(entry.rate), rate_unit: entry.unit });
  }
}

// Returns the PSA story id of each contract milestone, by milestone id.
async function addMilestones(client: KantataClient, workspaceId: string, terms: ContractTerms, fresh: boolean): Promise<Map<string, string>> {
  const byTitle = new Map(fresh ? [] : (await client.listMilestones(workspaceId)).map((story) => [story.title, story.id]));
  const ids = new Map<string, string>();
  for (const milestone of terms.milestones) {
    let storyId = byTitle.get(milestone.name);
    if (!storyId) {
      const story = await client.createMilestone({ workspace_id: workspaceId, title: milestone.name, due_date: milestone.dueDate, budget_estimate_in_cents: toCents(milestone.amount) });
      storyId = story.id;
    }
    ids.set(milestone.id, storyId);
  }
  return ids;
}
