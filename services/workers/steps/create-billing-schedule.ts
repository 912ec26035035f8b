import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { regionModels } from '../../core/models/region.ts';
import { erpClient } from '../connector-clients.ts';
import { loadContractTerms } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { recordExternalRef } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import type { ChosenLegalEntity } from './choose-legal-entity.ts';
import type { TaxedSchedule } from './determine-tax.ts';
import type { LoadedContract } from './load-contract.ts';
import type { ErpCustomer } from './upsert-erp-customer.ts';
import type { ErpProject } from './create-erp-project.ts';

export interface ErpBillingSchedule {
  billingScheduleId: string;
  erpSalesOrder: string;
}

// ERPNext models a billing schedule as a Sales Order against the project: the items are the
// contract lines and the payment schedule holds each milestone's due date and amount. The order's
// PO number is our contract id, so a retry finds the order it made.
export const createBillingSchedule: Step<ErpBillingSchedule> = {
  name: 'create-billing-schedule',

  async run(context) {
    const { scope, run } = context;
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const { erpCustomer } = outputOf<ErpCustomer>(context, 'upsert-erp-customer');
    const { projectId, erpProject } = outputOf<ErpProject>(context, 'create-erp-project');
    const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
    const schedule = outputOf<TaxedSchedule>(context, 'determine-tax');
    const terms = await loadContractTerms(scope, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const { client, connector } = await erpClient(scope);

    const total = schedule.lines.reduce((sum, line) => sum.plus(line.netAmount), new Decimal(0));
    const found = await client.findSalesOrderByPoNo(contractId);
    const record = found ?? await client.createSalesOrder({
      customer: erpCustomer,
      project: erpProject,
      company: entity.name,
      currency: schedule.currency,
      po_no: contractId,
      transaction_date: terms.contract.startDate,
      delivery_date: terms.contract.endDate ?? terms.contract.startDate,
      items: terms.lines.map((line) => ({
        item_code: line.role ?? line.billingType,
        description: line.description,
        qty: line.quantity,
        rate: line.unitPrice,
        amount: line.amount,
      })),
      taxes: schedule.lines.map((line) => ({
        charge_type: 'On Net Total',
        account_head: `${line.tax.treatment} ${line.tax.taxCountry}`,
        description: [line.description, ...line.tax.notes].join(' | '),
        rate: new Decimal(line.tax.rate).times(100).toString(),
        tax_amount: line.tax.taxAmount.amount,
      })),
      payment_schedule: schedule.lines.map((line) => ({
        due_date: line.dueDate,
        invoice_portion: total.isZero() ? '0' : new Decimal(line.netAmount).dividedBy(total).times(100).toDecimalPlaces(4).toString(),
        payment_amount: line.netAmount,
        description: line.description,
      })),
    });

    return { persist: async (transaction) => {
      const billingScheduleId = await saveSchedule(context.scope, transaction, { contractId, projectId, schedule });
      await recordExternalRef(scope, transaction, {
        contractId,
        objectType: 'billing-schedule',
        objectId: billingScheduleId,
        system: 'erp',
        connectorId: connector.id,
        externalId: record.name,
        externalUrl: client.recordUrl('Sales Order', record.name),
        runId: run.id,
        stepName: 'create-billing-schedule',
      });
      return { billingScheduleId, erpSalesOrder: record.name };
    } };
  },
};

async function saveSchedule(
  scope: { tenantId: string; region: string },
  transaction: import('sequelize').Transaction,
  { contractId, projectId, schedule }: { contractId: string; projectId: string; schedule: TaxedSchedule },
): Promise<string> {
  const { BillingSchedule, BillingScheduleLine } = regionModels(scope.region);
  const existing = await BillingSchedule.findOne({ where: { contractId, status: 'current' }, transaction });
  if (existing) return existing.get({ plain: true }).id;

  const id = randomUUID();
  await BillingSchedule.create({ id, tenantId: scope.tenantId, contractId, projectId, currency: schedule.currency }, { transaction });
  await BillingScheduleLine.bulkCreate(schedule.lines.map((line) => ({
    id: randomUUID(),
    tenantId: scope.tenantId,
    billingScheduleId: id,
    milestoneId: line.milestoneId,
    description: line.description,
    dueDate: line.dueDate,
    netAmount: line.netAmount,
    taxTreatment: line.tax.treatment,
    taxRate: line.tax.rate,
    taxAmount: line.tax.taxAmount.amount,
    taxCountry: line.tax.taxCountry,
    invoiceNotes: line.tax.notes,
    decidedBy: line.tax.trail,
  })), { transaction });
  return id;
}
