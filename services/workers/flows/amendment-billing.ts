import type { Flow } from '../flow.ts';
import { loadAmendment } from '../steps/load-amendment.ts';
import { compareAmendedTerms } from '../steps/compare-terms.ts';
import { checkInvoicedMilestones, recordAmendment } from '../steps/record-amendment.ts';
import { chooseLegalEntity } from '../steps/choose-legal-entity.ts';
import { determineTax } from '../steps/determine-tax.ts';
import { updateBillingSchedule } from '../steps/update-billing-schedule.ts';
import { updatePsaProject } from '../steps/update-psa-project.ts';
import { writeAmendmentStatus } from '../steps/write-amendment-status.ts';

// Amendment-to-billing: a signed amendment changes only the terms it supersedes. The amended
// terms are compared with the stored ones and recorded as a new version, and the old version is
// kept. An amendment that touches an invoiced milestone stops with an exception. Otherwise the
// rule packs decide the tax again, and the ERP billing schedule and the PSA project follow.
export const amendmentBilling: Flow = {
  name: 'amendment-billing',
  version: 1,
  steps: [
    loadAmendment,
    compareAmendedTerms,
    recordAmendment,
    checkInvoicedMilestones,
    chooseLegalEntity,
    determineTax,
    updateBillingSchedule,
    updatePsaProject,
    writeAmendmentStatus,
  ],

  // The amendment's record and the new schedule version commit with their steps, so completing
  // the run has nothing more to write.
  async complete() {},
};
