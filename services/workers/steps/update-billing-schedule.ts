import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { erpNextRecordUrl } from '../../connectors/erp/erpnext-links.ts';
import { regionModels } from '../../core/models/region.ts';
import type { TenantScope } from '../../core/tenancy.ts';
import { loadContractBilling } from '../billing-facts.ts';
import { erpClient } from '../connector-clients.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { recordExternalRef } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import { paymentSchedule, salesOrderTax } from './create-billing-schedule.ts';
import type { TaxedSchedule } from './determine-tax.ts';
import type { LoadedAmendment } from './load-amendment.ts';

export interface UpdatedBillingSchedule {
  billingScheduleId: string;
  version: number;
  erpSalesOrder: string;
}

// Rewrites the ERP sales order that contains the contract's billing schedule with the amended items,
// tax and payment schedule, and keeps the local schedule as a new version beside the superseded
// one. Sending the same order again is harmless, so a retry needs no lookup.
export const updateBillingSchedule: Step<UpdatedBillingSchedule> = {
  name: 'update-billing-schedule',

  async run(context) {
    const { scope, run } = context;
    const { contractId } = outputOf<LoadedAmendment>(context, 'load-contract');
    const schedule = outputOf<TaxedSchedule>(context, 'determine-tax');
    const terms = await termsFor(context, contractId);
    const billing = await loadContractBilling(scope, contractId);
    if (!terms || !billing) throw new PermanentStepError(`Contract ${contractId} has no activated billing schedule.`, 'Finish the contract\'s activation first, then replay the amendment run.');
    const { client, connector } = await erpClient(context);

    await client.updateSalesOrder(billing.erpSalesOrder, {
      delivery_date: terms.contract.endDate ?? terms.contract.startDate,
      items: terms.lines.map((line) => ({ item_code: line.role ?? line.billingType, description: line.description, qty: line.quantity, rate: line.unitPrice })),
      taxes: [salesOrderTax(schedule)],
      payment_schedule: paymentSchedule(schedule),
    });

    return { persist: async (transaction) => {
      const saved = await saveNewVersion(scope, transaction, contractId, schedule);
      await recordExternalRef(scope, transaction, {
        contractId, objectType: 'billing-schedule', objectId: saved.billingScheduleId, system: 'erp', connectorId: connector.id,
        externalId: billing.erpSalesOrder, externalUrl: erpNextRecordUrl(connector.baseUrl, 'Sales Order', billing.erpSalesOrder),
        runId: run.id, stepName: 'update-billing-schedule',
      });
      return { ...saved, erpSalesOrder: billing.erpSalesOrder };
    } };
  },
};

// Marks the current schedule superseded and stores the amended one as the next version.
async function saveNewVersion(scope: TenantScope, transaction: Transaction, contractId: string, schedule: TaxedSchedule): Promise<{ billingScheduleId: string; version: number }> {
  const { BillingSchedule, BillingScheduleLine } = regionModels(scope.region);
  const current = (await BillingSchedule.findOne({ where: { contractId, status: 'current' }, transaction }))?.get({ plain: true });
  if (!current) throw new PermanentStepError(`Contract ${contractId} has no current billing schedule.`, 'Replay the activation, then the amendment.');

  const id = randomUUID();
  const version = current.version + 1;
  await BillingSchedule.update({ status: 'superseded' }, { where: { id: current.id }, transaction });
  await BillingSchedule.create({ id, tenantId: scope.tenantId, contractId, projectId: current.projectId, version, currency: schedule.currency }, { transaction });
  await BillingScheduleLine.bulkCreate(schedule.lines.map((line) => ({
    id: randomUUID(), tenantId: scope.tenantId, billingScheduleId: id, milestoneId: line.milestoneId, description: line.description,
    dueDate: line.dueDate, netAmount: line.netAmount, taxTreatment: line.tax.treatment, taxRate: line.tax.rate,
    taxAmount: line.tax.taxAmount.amount, taxCountry: line.tax.taxCountry, invoiceNotes: line.tax.notes, decidedBy: line.tax.trail,
  })), { transaction });
  return { billingScheduleId: id, version };
}
