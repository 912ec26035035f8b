import { cloudEvent } from '../../core/cloudevent.ts';
import { OUTBOX_COLUMNS, outboxValues } from '../../core/outbox.ts';
import { queryPrepared } from '../../core/prepared.ts';
import { EVENT_SOURCE, type ContractExecutedData, type ProjectActivatedData } from '../../core/events.ts';
import type { Transaction } from 'sequelize';
import { prefetchTenantSetup } from '../activation-reads.ts';
import { outputOf, type DeliveryReads, type Flow, type StepContext } from '../flow.ts';
import { loadContract, type LoadedContract } from '../steps/load-contract.ts';
import { validateContract } from '../steps/validate-contract.ts';
import { chooseLegalEntity, type ChosenLegalEntity } from '../steps/choose-legal-entity.ts';
import { determineTax } from '../steps/determine-tax.ts';
import { upsertErpCustomer, type ErpCustomer } from '../steps/upsert-erp-customer.ts';
import { createErpProject, type ErpProject } from '../steps/create-erp-project.ts';
import { createBillingSchedule, type ErpBillingSchedule } from '../steps/create-billing-schedule.ts';
import { writeClmStatus } from '../steps/write-clm-status.ts';
import { writeClmFailure } from '../steps/write-clm-failure.ts';
import { enrichFromCrm } from '../steps/enrich-from-crm.ts';
import { provisionPsaProject, type PsaProject } from '../steps/provision-psa-project.ts';

// Contract-to-project activation: an executed contract becomes a customer, a project and a billing
// schedule in the ERP, its status goes back to the CLM, and `project.activated` announces it.
// Validation comes first so nothing reaches an outside system from an inconsistent contract. A run
// that fails for good writes its failure back to the CLM, as a completed one writes the activation.
// Version 1 stays deployed so that runs started on it resume with the steps they were created with.
export const contractActivationV1: Flow = {
  name: 'contract-activation',
  version: 1,
  steps: [
    loadContract,
    validateContract,
    chooseLegalEntity,
    determineTax,
    upsertErpCustomer,
    createErpProject,
    createBillingSchedule,
    writeClmStatus,
  ],

  reportFailure: writeClmFailure,
  prefetch: prefetchActivation,
  complete: completeActivation,
};

// Version 2 enriches the customer from the CRM before the rule packs choose an entity and tax
// (the CRM may supply the VAT number they need), and provisions the PSA project once the ERP
// has the project and billing schedule.
export const contractActivation: Flow = {
  name: 'contract-activation',
  version: 2,
  steps: [
    loadContract,
    validateContract,
    enrichFromCrm,
    chooseLegalEntity,
    determineTax,
    upsertErpCustomer,
    createErpProject,
    createBillingSchedule,
    provisionPsaProject,
    writeClmStatus,
  ],
  reportFailure: writeClmFailure,
  prefetch: prefetchActivation,
  complete: completeActivation,
};

// The tenant's connectors, rule override and legal entities, and for a contract that came through
// the API its terms and its customer's ERP link (one from the CLM is read from the CLM first).
async function prefetchActivation(reads: DeliveryReads, input: unknown, transaction: Transaction): Promise<void> {
  const trigger = input as ContractExecutedData;
  const fromApi = trigger.origin === 'api';
  await prefetchTenantSetup(reads, transaction, fromApi ? trigger.contractId : undefined);
}

// Marks the contract active and announces it, in the run's completing transaction.
async function completeActivation(context: StepContext, transaction: Transaction): Promise<void> {
  const { scope, run } = context;
  const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
  const { projectId, erpProject } = outputOf<ErpProject>(context, 'create-erp-project');
  const { erpSalesOrder } = outputOf<ErpBillingSchedule>(context, 'create-billing-schedule');
  const { erpCustomer } = outputOf<ErpCustomer>(context, 'upsert-erp-customer');
  const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
  // Version 1 runs have no PSA step.
  const psaWorkspace = (context.state['provision-psa-project'] as PsaProject | undefined)?.psaWorkspaceId;

  const event = cloudEvent<ProjectActivatedData>({
    type: 'project.activated',
    source: EVENT_SOURCE.worker,
    subject: contractId,
    tenant: scope.tenantId,
    region: scope.region,
    data: {
      contractId,
      projectId,
      runId: run.id,
      legalEntity: entity.code,
      externalIds: { erpCustomer, erpProject, erpSalesOrder, ...(psaWorkspace ? { psaWorkspace } : {}) },
    },
  });
  // The contract turns active and its event is written in one statement, one round trip.
  await queryPrepared(transaction,
    `WITH activated AS (UPDATE contracts SET status = 'active', updated_at = now() WHERE id = $1::uuid)
     INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ($2::uuid, $3::uuid, $4::text, $5::text, $6::jsonb)`,
    [contractId, ...outboxValues(event)]);
}
