import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import type { MilestoneCompletedData } from '../../core/events.ts';
import { regionModels } from '../../core/models/region.ts';
import { withTenant } from '../../core/tenancy.ts';
import { PermanentStepError } from '../errors.ts';
import { setRunContract } from '../run-store.ts';
import type { Step } from '../flow.ts';

export interface CompletedMilestone {
  contractId: string;
  milestoneId: string;
  // The milestone's status before this run, so a later step can tell an invoiced one.
  previousStatus: string;
}

// Finds the contract milestone behind the completed PSA story through the lineage (activation
// recorded which story it made for each milestone), marks it completed and links the run to its
// contract. A story Throughline did not make has no milestone to invoice.
export const findCompletedMilestone: Step<CompletedMilestone> = {
  name: 'find-milestone',

  async run({ scope, run }) {
    const trigger = run.input as MilestoneCompletedData;
    const found = await withTenant(scope, async (transaction) => {
      const [row] = await regionDatabase(scope.region).query<{ contractId: string; milestoneId: string; status: string }>(
        `SELECT r.contract_id AS "contractId", m.id AS "milestoneId", m.status FROM external_refs r JOIN milestones m ON m.id = r.object_id
         WHERE r.system = 'psa' AND r.object_type = 'milestone' AND r.connector_id = :connectorId AND r.external_id = :storyId`,
        { replacements: { connectorId: trigger.connectorId, storyId: trigger.storyId }, type: QueryTypes.SELECT, transaction });
      return row;
    });
    if (!found) {
      throw new PermanentStepError(
        `PSA story ${trigger.storyId} in workspace ${trigger.workspaceId} is not a milestone that Throughline provisioned, so no contract milestone can be invoiced.`,
        'Check that the milestone belongs to an activated contract; invoice it by hand otherwise, then resolve the exception.',
      );
    }

    return { persist: async (transaction) => {
      if (found.status === 'planned') {
        await regionModels(scope.region).Milestone.update({ status: 'completed' }, { where: { id: found.milestoneId }, transaction });
      }
      await setRunContract(scope, run.id, found.contractId, transaction);
      return { contractId: found.contractId, milestoneId: found.milestoneId, previousStatus: found.status };
    } };
  },
};
