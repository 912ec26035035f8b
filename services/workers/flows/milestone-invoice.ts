import type { Transaction } from 'sequelize';
import { EVENT_SOURCE, type InvoiceReadyData } from '../../core/events.ts';
import { enqueueEvent } from '../../core/outbox.ts';
import { outputOf, type Flow, type StepContext } from '../flow.ts';
import { findCompletedMilestone, type CompletedMilestone } from '../steps/find-completed-milestone.ts';
import { createErpInvoice, type ErpInvoice } from '../steps/create-erp-invoice.ts';

// Milestone-to-invoice: a milestone completed in the PSA becomes an invoice draft in the ERP, and
// `invoice.ready` announces it to partners. The run's trigger key is the PSA story, so a milestone makes
// one run, and the invoice table keeps one invoice per milestone beyond that.
export const milestoneInvoice: Flow = {
  name: 'milestone-invoice',
  version: 1,
  steps: [findCompletedMilestone, createErpInvoice],
  complete: announceInvoice,
};

async function announceInvoice(context: StepContext, transaction: Transaction): Promise<void> {
  const { scope, run } = context;
  const { contractId, milestoneId } = outputOf<CompletedMilestone>(context, 'find-milestone');
  const { invoiceId, erpInvoice, legalEntity } = outputOf<ErpInvoice>(context, 'create-erp-invoice');
  await enqueueEvent<InvoiceReadyData>(transaction, {
    type: 'invoice.ready',
    source: EVENT_SOURCE.worker,
    subject: contractId,
    tenant: scope.tenantId,
    region: scope.region,
    data: { contractId, milestoneId, invoiceId, runId: run.id, legalEntity, externalIds: { erpInvoice } },
  });
}
