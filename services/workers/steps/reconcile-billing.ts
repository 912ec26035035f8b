import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import type { ReconciliationRequestedData } from '../../core/events.ts';
import { withTenant } from '../../core/tenancy.ts';
import { findBillingGaps, type BillingGap } from '../billing-comparison.ts';
import { loadContractBilling } from '../billing-facts.ts';
import { erpClientFor } from '../connector-clients.ts';
import { loadContractTerms } from '../contract-terms.ts';
import type { Step } from '../flow.ts';

export interface ReconciliationResult {
  reconciliationId: string;
  contractsChecked: number;
  contractsMatched: number;
  gaps: number;
}

// Compares every active contract of the tenant with its billing schedule in the ERP and records
// each gap. Reading the ERP changes nothing, so a retry simply compares again, and the gaps are
// written once, with the reconciliation's completion.
export const reconcileBilling: Step<ReconciliationResult> = {
  name: 'reconcile-billing',

  async run(context) {
    const { scope } = context;
    const { reconciliationId } = context.run.input as ReconciliationRequestedData;
    const contracts = await withTenant(scope, (transaction) => regionDatabase(scope.region).query<{ id: string }>(
      `SELECT id FROM contracts WHERE status = 'active' ORDER BY created_at`, { type: QueryTypes.SELECT, transaction }));
    const { client } = await erpClientFor(context);

    const found: { contractId: string; gap: BillingGap }[] = [];
    let matched = 0;
    for (const { id } of contracts) {
      const terms = await loadContractTerms(scope, id);
      const billing = await loadContractBilling(scope, id);
      const gaps = !terms || !billing
        ? [{ field: 'billingSchedule', clmValue: 'active contract', erpValue: null }]
        : findBillingGaps(terms, billing.lines, await client.getSalesOrder(billing.erpSalesOrder));
      if (gaps.length === 0) matched += 1;
      found.push(...gaps.map((gap) => ({ contractId: id, gap })));
    }
    context.log.info({ reconciliationId, contracts: contracts.length, matched, gaps: found.length }, 'reconciliation compared the contracts');

    return { persist: async (transaction) => {
      const database = regionDatabase(scope.region);
      for (const { contractId, gap } of found) {
        await database.query(
          `INSERT INTO reconciliation_gaps (id, tenant_id, reconciliation_id, contract_id, field, clm_value, erp_value)
           VALUES (:id, :tenantId, :reconciliationId, :contractId, :field, :clmValue, :erpValue)`,
          { replacements: { id: randomUUID(), tenantId: scope.tenantId, reconciliationId, contractId, ...gap }, transaction });
      }
      await database.query(
        `UPDATE reconciliations SET status = 'completed', contracts_checked = :checked, contracts_matched = :matched, finished_at = now() WHERE id = :reconciliationId`,
        { replacements: { checked: contracts.length, matched, reconciliationId }, transaction });
      return { reconciliationId, contractsChecked: contracts.length, contractsMatched: matched, gaps: found.length };
    } };
  },
};
