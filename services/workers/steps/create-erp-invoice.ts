import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { erpNextRecordUrl } from '../../connectors/erp/erpnext-links.ts';
import { regionDatabase } from '../../core/database.ts';
import { regionModels } from '../../core/models/region.ts';
import { loadContractBilling } from '../billing-facts.ts';
import { erpClient } from '../connector-clients.ts';
import { PermanentStepError } from '../errors.ts';
import { recordExternalRef } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import type { CompletedMilestone } from './find-completed-milestone.ts';

export interface ErpInvoice {
  invoiceId: string;
  erpInvoice: string;
  legalEntity: string;
}

// Makes the milestone's invoice draft in the ERP, issued by the entity that bills the contract,
// with the tax line the rule packs decided for the milestone when its billing schedule was made.
// The invoice's PO number is the milestone id, so a retry finds the draft it made, and the
// milestone_id unique key keeps one invoice per milestone whatever the ERP holds.
export const createErpInvoice: Step<ErpInvoice> = {
  name: 'create-erp-invoice',

  async run(context) {
    const { scope, run } = context;
    const { contractId, milestoneId } = outputOf<CompletedMilestone>(context, 'find-milestone');
    const billing = await loadContractBilling(scope, contractId);
    if (!billing) throw new PermanentStepError(`Contract ${contractId} has no activated project or billing schedule in the ERP.`, 'Finish the contract\'s activation first, then retry the step.');
    const line = billing.lines.find((candidate) => candidate.milestoneId === milestoneId);
    if (!line) throw new PermanentStepError(`Milestone ${milestoneId} is not on the current billing schedule of contract ${contractId}.`, 'Check the billing schedule, or invoice the milestone by hand and resolve the exception.');
    const { client, connector } = await erpClient(context);

    const found = await client.findSalesInvoiceByPoNo(milestoneId);
    const { currency } = billing;
    const record = found ?? await client.createSalesInvoice({
      customer: billing.erpCustomer,
      project: billing.erpProject,
      company: billing.entity.name,
      currency,
      posting_date: new Date().toISOString().slice(0, 10),
      due_date: maxDate(line.dueDate, new Date().toISOString().slice(0, 10)),
      po_no: milestoneId,
      remarks: line.invoiceNotes.join(' | '),
      items: [{ item_code: 'milestone', description: line.description, qty: '1', rate: line.netAmount }],
      taxes: [{
        charge_type: 'On Net Total',
        account_head: `VAT ${line.taxCountry} ${line.taxTreatment}`,
        description: [`${line.taxTreatment} (${line.taxCountry})`, ...line.invoiceNotes].join(' | '),
        rate: new Decimal(line.taxRate).times(100).toString(),
      }],
    });

    return { persist: async (transaction) => {
      const invoiceId = randomUUID();
      const [rows] = await regionDatabase(scope.region).query(
        `INSERT INTO invoices (id, tenant_id, contract_id, milestone_id, legal_entity_code, currency, net_amount, tax_amount, tax_treatment, run_id)
         VALUES (:invoiceId, :tenantId, :contractId, :milestoneId, :entity, :currency, :net, :tax, :treatment, :runId)
         ON CONFLICT (milestone_id) DO UPDATE SET milestone_id = EXCLUDED.milestone_id RETURNING id`,
        { replacements: { invoiceId, tenantId: scope.tenantId, contractId, milestoneId, entity: billing.entity.code, currency, net: line.netAmount, tax: line.taxAmount, treatment: line.taxTreatment, runId: run.id }, transaction });
      const storedId = (rows as { id: string }[])[0]!.id;
      await regionModels(scope.region).Milestone.update({ status: 'invoiced' }, { where: { id: milestoneId }, transaction });
      await recordExternalRef(scope, transaction, {
        contractId, objectType: 'invoice', objectId: storedId, system: 'erp', connectorId: connector.id,
        externalId: record.name, externalUrl: erpNextRecordUrl(connector.baseUrl, 'Sales Invoice', record.name), runId: run.id, stepName: 'create-erp-invoice',
      });
      return { invoiceId: storedId, erpInvoice: record.name, legalEntity: billing.entity.code };
    } };
  },
};

function maxDate(first: string, second: string): string {
  return first > second ? first : second;
}
