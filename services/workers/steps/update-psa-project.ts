import { termsFor } from '../contract-terms.ts';
import { findExternalRef } from '../lineage.ts';
import { psaClient } from '../outside-clients.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedAmendment } from './load-amendment.ts';
import { toCents } from './provision-psa-project.ts';
import { regionModels } from '../../core/models/region.ts';
import { withTenant } from '../../core/tenancy.ts';

// Brings the PSA workspace in line with the amended terms: each role's bill rate, and each
// milestone's due date and budget (milestones are matched by title, as activation made them).
// Setting a value the PSA already has is harmless, so a retry needs no lookup.
export const updatePsaProject: Step<{ rates: number; milestones: number; skipped?: string }> = {
  name: 'update-psa-project',

  async run(context) {
    const { scope } = context;
    const { contractId } = outputOf<LoadedAmendment>(context, 'load-contract');
    const psa = await psaClient(context);
    const project = await withTenant(scope, async (transaction) => (await regionModels(scope.region).Project.findOne({ where: { contractId }, transaction }))?.get({ plain: true }));
    const ref = project ? await findExternalRef(scope, 'project', project.id, 'psa') : null;
    const terms = await termsFor(context, contractId);
    if (!psa || !ref || !terms) return { output: { rates: 0, milestones: 0, skipped: 'the contract has no PSA workspace' } };

    let rates = 0;
    const resources = new Map((await psa.client.listResources(ref.externalId)).map((resource) => [resource.role_name, resource]));
    for (const entry of terms.rateCard) {
      const resource = resources.get(entry.role);
      const cents = toCents(entry.rate);
      if (!resource) await psa.client.createResource({ workspace_id: ref.externalId, role_name: entry.role, bill_rate_in_cents: cents, rate_unit: entry.unit });
      else if (resource.bill_rate_in_cents !== cents) await psa.client.setResourceRate(resource.id, cents);
      else continue;
      rates += 1;
    }

    let milestones = 0;
    const stories = new Map((await psa.client.listMilestones(ref.externalId)).map((story) => [story.title, story]));
    for (const milestone of terms.milestones) {
      const story = stories.get(milestone.name);
      const cents = toCents(milestone.amount);
      if (!story) await psa.client.createMilestone({ workspace_id: ref.externalId, title: milestone.name, due_date: milestone.dueDate, budget_estimate_in_cents: cents });
      else if (story.due_date !== milestone.dueDate || story.budget_estimate_in_cents !== cents) await psa.client.updateMilestone(story.id, { due_date: milestone.dueDate, budget_estimate_in_cents: cents });
      else continue;
      milestones += 1;
    }
    return { output: { rates, milestones } };
  },
};
