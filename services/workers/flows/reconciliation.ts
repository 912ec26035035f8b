import { regionDatabase } from '../../core/database.ts';
import type { ReconciliationRequestedData } from '../../core/events.ts';
import { withTenant } from '../../core/tenancy.ts';
import type { Flow } from '../flow.ts';
import { reconcileBilling } from '../steps/reconcile-billing.ts';

// Reconciliation: compares each active contract's value, rates and milestones with its billing
// schedule in the ERP and records every gap. The API and the schedule both start it with a
// `reconciliation.requested` event, so each pass is a run with its own record and retries.
export const reconciliation: Flow = {
  name: 'reconciliation',
  version: 1,
  steps: [reconcileBilling],

  // The step records the gaps and completes the reconciliation in its own transaction.
  async complete() {},

  // A pass that failed for good is marked failed, so readers do not wait on it.
  async reportFailure(context, failure) {
    const { reconciliationId } = context.run.input as ReconciliationRequestedData;
    await withTenant(context.scope, (transaction) => regionDatabase(context.scope.region).query(
      `UPDATE reconciliations SET status = 'failed', error = :error, finished_at = now() WHERE id = :reconciliationId`,
      { replacements: { error: `${failure.stepName}: ${failure.error}`, reconciliationId }, transaction }));
  },
};
