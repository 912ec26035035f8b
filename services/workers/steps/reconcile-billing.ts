import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../core/database.ts';
import type { ReconciliationRequestedData } from '../../core/events.ts';
import { withTenant } from '../../core/tenancy.ts';
import type { ErpNextClient } from '../../connectors/erp/erpnext.ts';
import type { ErpNextSalesOrderDetail } from '../../connectors/erp/erpnext-types.ts';
import { ConnectorError } from '../../connectors/errors.ts';
import { findBillingGaps, type BillingGap } from '../billing-comparison.ts';
import { loadContractBilling, type ContractBilling } from '../billing-facts.ts';
import { compareWithClm, isClmContract } from '../clm-terms.ts';
import { erpClient } from '../connector-clients.ts';
import { loadContractTerms, type ContractTerms } from '../contract-terms.ts';
import type { Step, StepContext } from '../flow.ts';

export interface ReconciliationResult {
  reconciliationId: string;
  contractsChecked: number;
  contractsMatched: number;
  gaps: number;
}

// Reads the sales order, or returns undefined when the ERP responds 404 because it has none by
// that name. Any other failure still fails the step, so a transient outage is retried.
async function findSalesOrder(client: Pick<ErpNextClient, 'getSalesOrder'>, name: string): Promise<ErpNextSalesOrderDetail | undefined> {
  try {
    return await client.getSalesOrder(name);
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 404) return undefined;
    throw error;
  }
}

async function compareContract(context: StepContext, client: Pick<ErpNextClient, 'getSalesOrder'>, stored: ContractTerms | null, billing: ContractBilling | undefined): Promise<BillingGap[]> {
  if (!stored || !billing) return [{ field: 'billingSchedule', clmValue: 'active contract', erpValue: null }];
  const { terms, gaps } = isClmContract(stored) ? await compareWithClm(context, stored) : { terms: stored, gaps: [] };
  const order = await findSalesOrder(client, billing.erpSalesOrder);
  if (!order) return [...gaps, { field: 'salesOrder', clmValue: billing.erpSalesOrder, erpValue: null }];
  return [...gaps, ...findBillingGaps(terms, billing.lines, order, billing)];
}

// Compares every active contract of the tenant, or only those the request lists, with its billing
// schedule in the ERP and records each gap. A contract from the CLM is compared as the CLM has it
// now (see clm-terms.ts), and one created through the API as stored. A sales order that the ERP
// no longer has is a gap with a null ERP value, and the other contracts are still compared.
// Reading the CLM and the ERP changes nothing, so a retry simply compares again, and the gaps are
// written once, with the completion.
export const reconcileBilling: Step<ReconciliationResult> = {
  name: 'reconcile-billing',

  async run(context) {
    const { scope } = context;
    const { reconciliationId, contractIds } = context.run.input as ReconciliationRequestedData;
    const onlyListed = contractIds ? 'AND id IN (:contractIds)' : '';
    const contracts = await withTenant(scope, (transaction) => regionDatabase(scope.region).query<{ id: string }>(
      `SELECT id FROM contracts WHERE status = 'active' ${onlyListed} ORDER BY created_at`,
      { replacements: { contractIds: contractIds ?? [] }, type: QueryTypes.SELECT, transaction }));
    const { client } = await erpClient(context);

    const found: { contractId: string; gap: BillingGap }[] = [];
    let matched = 0;
    for (const { id } of contracts) {
      const terms = await loadContractTerms(scope, id);
      const billing = await loadContractBilling(scope, id);
      const gaps = await compareContract(context, client, terms, billing);
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
